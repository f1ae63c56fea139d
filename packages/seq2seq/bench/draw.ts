/**
 * Training throughput of DRAW (`Draw`, `drawTask`, `Trainer.trainStep`) on binarised MNIST: how
 * many images per second one process trains, to size a training run.
 *
 * Runs optimiser steps for `--seconds` (default 60) after `--warmup` steps (default 2) and prints
 * one JSON line: images/s over wall-clock time and over the process's CPU time (on a shared
 * machine the second says what the code costs), the fastest step, and the seconds one epoch of
 * `--epoch` images (default 6400) would take at the measured wall-clock rate.
 *
 *   pnpm --filter @seq2seq/seq2seq bench:draw --                       # default config, batch 64, WASM
 *   pnpm --filter @seq2seq/seq2seq bench:draw -- --no-attention --steps 8 --backend cpu
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { binarizedMnist } from '@seq2seq/datasets/images';
import { Draw, Trainer, drawTask } from '../src/index';

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'), // pnpm passes the separator through
  options: {
    backend: { type: 'string', default: 'wasm' },
    batch: { type: 'string', default: '64' },
    seconds: { type: 'string', default: '60' },
    warmup: { type: 'string', default: '2' },
    steps: { type: 'string' },
    epoch: { type: 'string', default: '6400' },
    'no-attention': { type: 'boolean', default: false },
  },
});

await tf.setBackend(args.backend!);
await tf.ready();
tf.env().set('PROD', true);
const batchSize = Number(args.batch);
const model = new Draw({ attention: !args['no-attention'], ...(args.steps ? { steps: Number(args.steps) } : {}) });
const task = drawTask(model, { train: binarizedMnist('train'), batchSize });
const trainer = new Trainer(task, { clipNorm: 10 });
const batches = [...task.trainBatches(0)];
let k = 0;
const next = () => batches[k++ % batches.length]!;
for (let i = 0; i < Number(args.warmup); i++) trainer.trainStep(next());

const budget = Number(args.seconds) * 1000;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
let images = 0;
let steps = 0;
let fastest = Infinity;
let loss = Number.NaN;
while (performance.now() - t0 < budget) {
  const batch = next();
  const s = performance.now();
  loss = trainer.trainStep(batch).loss;
  fastest = Math.min(fastest, performance.now() - s);
  images += batch.count;
  steps += 1;
}
const wall = (performance.now() - t0) / 1000;
const cpuUsage = process.cpuUsage(cpu0);
const cpu = (cpuUsage.user + cpuUsage.system) / 1e6;
const perSecond = images / wall;
console.log(
  JSON.stringify({
    case: 'draw-train',
    backend: tf.getBackend(),
    config: model.config,
    batch: batchSize,
    steps,
    imagesPerSec: Number(perSecond.toFixed(1)),
    imagesPerCpuSec: Number((images / cpu).toFixed(1)),
    fastestStepMs: Number(fastest.toFixed(1)),
    epochSeconds: Math.round(Number(args.epoch) / perSecond),
    epochImages: Number(args.epoch),
    lastLoss: Number(loss.toFixed(2)),
    load1: Number(loadavg()[0]!.toFixed(1)),
    tensors: tf.memory().numTensors,
  }),
);
model.dispose();
