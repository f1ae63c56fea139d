#!/usr/bin/env node
// The seq2seq-chars command: runs the app's built JavaScript (dist/, made by `pnpm build`), which loads
// the workspace libraries from their own builds, as an installed package would.
// Node 20 runs WebAssembly relaxed SIMD only behind a V8 flag (Node 22 and Chromium by default).
// Set before anything compiles, it lets @seq2seq/cells run the faster build of its native kernels
// (fused multiply-adds: beam-5 translation 1.3x less CPU, the same answers).
import { setFlagsFromString } from 'node:v8';
if (Number(process.versions.node.split('.')[0]) < 22) setFlagsFromString('--experimental-wasm-relaxed-simd');
let cli;
try {
  cli = await import('../dist/cli.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/cli.js')) throw error;
  process.stderr.write('seq2seq-chars is not built: run `pnpm build` at the repository root first\n');
  process.exit(1);
}
await cli.run(process.argv.slice(2));
