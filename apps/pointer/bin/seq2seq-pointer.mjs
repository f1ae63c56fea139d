#!/usr/bin/env node
// Runs src/cli.ts with tsx against the BUILT workspace packages (their dist folders): core's tfjs
// gradient registration loads only from the bundled ESM build in plain Node. Build them first:
//   TURBO_TELEMETRY_DISABLED=1 npx turbo run build --filter=@seq2seq/pointer-app^...
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const tsx = import.meta.resolve('tsx');
const result = spawnSync(process.execPath, ['--import', tsx, cli, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
