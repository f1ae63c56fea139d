#!/usr/bin/env node
// Runs src/cli.ts with tsx against the built workspace packages (the app is private and never
// built itself). The libraries must be built first (`pnpm build`); the package scripts do it.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const tsx = import.meta.resolve('tsx');
// Ctrl-C reaches the child too (same process group); it saves a checkpoint before exiting, so
// this wrapper must not die first.
process.on('SIGINT', () => {});
const result = spawnSync(process.execPath, ['--import', tsx, cli, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
