/**
 * Per-kernel profile of one forward (inference) or training step, aggregated by kernel name:
 * how much of the time is matMul (the compute) and how much is per-kernel dispatch.
 *
 *   tsx bench/profile.ts [wasm|cpu] [gru|lstm] [infer|train] [batch]
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { Rng } from '@seq2seq/core';
import { RNN } from '../src/index';

const [backend = 'wasm', cell = 'gru', mode = 'infer', batchArg = '64'] = process.argv.slice(2);
await tf.setBackend(backend);
await tf.ready();
const B = Number(batchArg);
const T = 20;
const IN = 64;
const H = 256;
const rnn = new RNN({ cell: cell as 'gru' | 'lstm', inputSize: IN, hiddenSize: H, rng: new Rng(1), resetAfter: cell === 'gru' && process.env.RESET_AFTER ? true : undefined });
const x = tf.randomNormal([B, T, IN]) as tf.Tensor3D;
const target = tf.randomNormal([B, T, H]);
const opt = tf.train.adam(1e-3);
const run = () => {
  if (mode === 'train') {
    const l = opt.minimize(() => tf.losses.meanSquaredError(target, rnn.apply(x).output), true, rnn.trainableVariables());
    l!.dataSync();
    l!.dispose();
  } else tf.tidy(() => void rnn.apply(x).output.dataSync());
};
for (let i = 0; i < 3; i++) run();
let wall = Infinity;
for (let i = 0; i < 5; i++) {
  const c0 = process.cpuUsage();
  run();
  const d = process.cpuUsage(c0);
  wall = Math.min(wall, (d.user + d.system) / 1000);
}
// Per-kernel wall times are inflated at random by other processes: keep each kernel's minimum
// over several profiled runs.
const byName = new Map<string, { n: number; ms: number }>();
for (let rep = 0; rep < 5; rep++) {
  const info = await tf.profile(run);
  const run1 = new Map<string, { n: number; ms: number }>();
  for (const k of info.kernels) {
    const key = `${k.name} ${JSON.stringify(k.inputShapes)}`;
    const e = run1.get(key) ?? { n: 0, ms: 0 };
    e.n++;
    e.ms += k.kernelTimeMs as number;
    run1.set(key, e);
  }
  for (const [key, e] of run1) {
    const prev = byName.get(key);
    if (!prev || e.ms < prev.ms) byName.set(key, e);
  }
}
const rows = [...byName].sort((a, b) => b[1].ms - a[1].ms);
const total = rows.reduce((s, [, e]) => s + e.ms, 0);
const count = rows.reduce((s, [, e]) => s + e.n, 0);
console.log(`${backend} ${cell} ${mode} batch=${B}: best cpu time ${wall.toFixed(2)} ms; profiled kernels ${count}, sum of kernel times ${total.toFixed(2)} ms`);
for (const [key, e] of rows.slice(0, 30)) console.log(`${e.ms.toFixed(3).padStart(9)} ms ${String(e.n).padStart(5)}x  ${(e.ms / e.n * 1000).toFixed(1).padStart(8)} us  ${key}`);
