#!/usr/bin/env node
// The seq2seq-draw command: runs the app's built JavaScript (dist/, made by `pnpm build`), which loads
// the workspace libraries from their own builds, as an installed package would.
let cli;
try {
  cli = await import('../dist/cli.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/cli.js')) throw error;
  process.stderr.write('seq2seq-draw is not built: run `pnpm build` at the repository root first\n');
  process.exit(1);
}
await cli.run(process.argv.slice(2));
