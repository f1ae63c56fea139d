/** The README's "Use it" commands, run exactly as written against the built command. */
import { fileURLToPath } from 'node:url';
import { checkReadmeCommands } from '../../../scripts/cli/readme-check';

checkReadmeCommands(fileURLToPath(new URL('..', import.meta.url)), '@seq2seq/draw-app');
