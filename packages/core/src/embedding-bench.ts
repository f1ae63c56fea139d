/**
 * Times candidate backward passes of an embedding lookup on the WASM backend (and cpu for
 * reference): `npx tsx src/embedding-bench.ts [wasm|cpu]`. The numbers are recorded in
 * `embedding.ts`. Shapes: vocab 8000, N = 64 * 20 ids, dim 256.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';

const VOCAB = 8000;
const N = 64 * 20;
const DIM = 256;

async function time(name: string, fn: () => tf.Tensor, reps = 10): Promise<void> {
  for (let i = 0; i < 2; i++) {
    const t = fn();
    await t.data();
    t.dispose();
  }
  const ms: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    const t = fn();
    await t.data();
    ms.push(performance.now() - t0);
    t.dispose();
  }
  ms.sort((a, b) => a - b);
  console.log(`${tf.getBackend()} ${name.padEnd(44)} median ${ms[ms.length >> 1]!.toFixed(1)} ms  min ${ms[0]!.toFixed(1)} ms`);
}

async function main(): Promise<void> {
  const backend = process.argv[2] ?? 'wasm';
  if (backend === 'wasm') {
    const require = createRequire(import.meta.url);
    setWasmPaths(`${path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'))}/dist/`);
  }
  if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} failed to start`);
  console.log(`backend ${backend}; SIMD ${String(backend === 'wasm' && await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'))}; threads ${String(backend === 'wasm' && await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'))}`);
  const ids = tf.tensor1d(Array.from({ length: N }, (_, i) => (i * 7919) % VOCAB), 'int32');
  const dy = tf.randomNormal([N, DIM]) as tf.Tensor2D;

  await time('oneHot -> transpose -> matMul [V,N]x[N,D]', () =>
    tf.tidy(() => tf.matMul(tf.transpose(tf.oneHot(ids, VOCAB, 1, 0, 'float32')) as tf.Tensor2D, dy)));
  if (backend === 'wasm') {
    // Minutes on the JavaScript cpu backend; measured on WASM only.
    await time('oneHot -> matMul(transposeA=true)', () =>
      tf.tidy(() => tf.matMul(tf.oneHot(ids, VOCAB, 1, 0, 'float32') as tf.Tensor2D, dy, true, false)), 3);
  }
  await time('scatterND(ids[N,1], dy, [V,D]) (sums duplicates)', () =>
    tf.tidy(() => tf.scatterND(tf.expandDims(ids, 1), dy, [VOCAB, DIM])));
  if (backend !== 'wasm') {
    await time('unsortedSegmentSum (tfjs gather gradient)', () => tf.unsortedSegmentSum(dy, ids, VOCAB));
  }
  await time('forward gather [V,D] by [N]', () => {
    const w = tf.tidy(() => tf.zeros([VOCAB, DIM]));
    const y = tf.gather(w, ids);
    w.dispose();
    return y;
  });
}

void main();
