import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { Seq2Seq, Trainer, type TokenBatch } from '@seq2seq/seq2seq';
import { Rng } from '@seq2seq/core';
import { collate } from '@seq2seq/datasets';

await tf.setBackend(process.env.BACKEND ?? 'wasm');
const H = Number(process.env.H ?? 256);
const SV = 5411, TV = 8624, S = 9, T = 10, B = 64;
const rng = new Rng(0);
const pairs = Array.from({ length: B }, () => ({ source: Array.from({ length: S }, () => 4 + rng.int(SV - 4)), target: Array.from({ length: T }, () => 4 + rng.int(TV - 4)) }));
const batch = collate(pairs);
const model = new Seq2Seq({
  encoder: { vocabSize: SV, embeddingSize: H, hiddenSize: H, bidirectional: true },
  decoder: { vocabSize: TV, embeddingSize: H, hiddenSize: 2 * H, attention: 'general', attentionalSize: Number(process.env.HA ?? 2 * H) },
});
const trainer = new Trainer({ model, loss: (b: TokenBatch) => model.loss(b), trainBatches: () => [batch] });
trainer.trainStep(batch);
let t = performance.now();
for (let i = 0; i < 3; i++) trainer.trainStep(batch);
console.log('train step', ((performance.now() - t) / 3).toFixed(0), 'ms');
t = performance.now();
for (let i = 0; i < 3; i++) model.loss(batch).dispose();
console.log('forward', ((performance.now() - t) / 3).toFixed(0), 'ms');
const prof = await tf.profile(() => { trainer.trainStep(batch); });
const byKernel = new Map<string, { ms: number; n: number }>();
for (const k of prof.kernels) {
  const key = `${k.name} ${JSON.stringify(k.inputShapes)}`;
  const e = byKernel.get(key) ?? { ms: 0, n: 0 };
  e.ms += Number(k.kernelTimeMs); e.n += 1; byKernel.set(key, e);
}
const rows = [...byKernel].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25);
let total = 0; for (const k of prof.kernels) total += Number(k.kernelTimeMs);
console.log('kernels', prof.kernels.length, 'total kernel ms', total.toFixed(0));
for (const [k, v] of rows) console.log(v.ms.toFixed(1).padStart(8), String(v.n).padStart(4), k.slice(0, 150));
