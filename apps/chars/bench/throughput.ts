/**
 * Training throughput of the char-RNN in characters per second: this library on WASM (one
 * thread, as tfjs-backend-wasm runs under Node) beside PyTorch's same model on one CPU thread
 * (`/usr/bin/python3` with Debian's python3-torch, `OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1`;
 * skipped when absent). The step is the whole TBPTT training step: forward, backward, clipping,
 * Adam, the state carried to the next window. Prints a table and the ratios, and appends the
 * measurements to bench/results.jsonl.
 *
 *   pnpm --filter @seq2seq/chars-app bench            # or: tsx apps/chars/bench/throughput.ts [STEPS]
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { createRuntime } from '@seq2seq/backend';
import { CharVocabulary } from '@seq2seq/datasets';
import { CharLanguageModel, Trainer, charLanguageModelTask } from '@seq2seq/seq2seq';

const CONFIGS = [
  { layers: 2, hidden: 256, batch: 64, seqLen: 100 }, // the shipped anna model
  { layers: 2, hidden: 512, batch: 128, seqLen: 100 }, // the exercise's reference
];
const STEPS = Number(process.argv[2] ?? 5);
const PYTHON = '/usr/bin/python3';
const HERE = fileURLToPath(new URL('.', import.meta.url));

function torchCharsPerSecond(c: (typeof CONFIGS)[number]): number | null {
  if (!existsSync(PYTHON)) return null;
  const r = spawnSync(PYTHON, [`${HERE}torch_char_rnn.py`, String(c.layers), String(c.hidden), String(c.batch), String(c.seqLen), String(STEPS)], {
    encoding: 'utf8',
    env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
  });
  if (r.status !== 0) {
    if (/No module named 'torch'/.test(r.stderr)) return null;
    throw new Error(`PyTorch bench failed: ${r.stderr}`);
  }
  return (JSON.parse(r.stdout.trim()) as { charsPerSecond: number }).charsPerSecond;
}

function wasmCharsPerSecond(c: (typeof CONFIGS)[number]): number {
  const vocab = new CharVocabulary();
  let seed = 1;
  const text = Array.from({ length: c.batch * c.seqLen * (STEPS + 1) + 1 }, () => vocab.char(2 + ((seed = (seed * 1103515245 + 12345) >>> 0) % 95))).join('');
  const model = new CharLanguageModel({ cell: 'lstm', numLayers: c.layers, hiddenSize: c.hidden, dropout: 0.5 });
  const task = charLanguageModelTask(model, { train: vocab.encode(text).ids, batchSize: c.batch, seqLen: c.seqLen });
  const trainer = new Trainer(task, { clipNorm: 5 });
  const batches = [...task.trainBatches(0)];
  trainer.trainStep(batches[0]!); // warm-up
  const start = performance.now();
  for (let i = 1; i <= STEPS; i++) trainer.trainStep(batches[i]!);
  const seconds = (performance.now() - start) / 1000;
  task.dispose();
  trainer.optimizer.dispose();
  model.dispose();
  return (c.batch * c.seqLen * STEPS) / seconds;
}

tf.env().set('PROD', true);
const runtime = await createRuntime({ prefer: ['wasm'] });
console.log(`backend ${runtime.backend}, ${STEPS} timed steps per model after one warm-up step`);
console.log('model            batch x seq   wasm chars/s   torch (1 thread) chars/s   wasm / torch');
for (const c of CONFIGS) {
  const wasm = wasmCharsPerSecond(c);
  const torch = torchCharsPerSecond(c);
  const name = `${c.layers}x${c.hidden} lstm`.padEnd(16);
  console.log(`${name} ${`${c.batch} x ${c.seqLen}`.padEnd(13)} ${wasm.toFixed(0).padStart(12)}   ${torch === null ? 'skipped (no torch)'.padStart(24) : torch.toFixed(0).padStart(24)}   ${torch === null ? '-' : (wasm / torch).toFixed(2)}`);
  appendFileSync(`${HERE}results.jsonl`, `${JSON.stringify({ date: new Date().toISOString(), ...c, steps: STEPS, backend: runtime.backend, wasmCharsPerSecond: Math.round(wasm), torchCharsPerSecond: torch === null ? null : Math.round(torch) })}\n`);
}
