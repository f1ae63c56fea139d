#!/usr/bin/env node
// Runs src/cli.ts from source (the app is private and never built): TypeScript through tsx, the
// workspace packages through their "@seq2seq/source" export condition.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const tsx = import.meta.resolve('tsx');
const result = spawnSync(
  process.execPath,
  ['--conditions=@seq2seq/source', '--import', tsx, cli, ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
