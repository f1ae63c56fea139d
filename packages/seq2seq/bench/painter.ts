/**
 * Measures the Painter (default config) on the WASM backend: training throughput at batch 32
 * (images/s, wall clock and per CPU second of this process, which is what a shared machine can
 * tell apart), then a time-boxed training on 2,000 binarised training-pool digits, and the
 * reconstruction loss (BCE per pixel of the final canvas) it reaches on 256 test-pool digits.
 * Writes a PNG: one row per test digit, the target and then the canvas after each stroke.
 *
 *   pnpm exec tsx bench/painter.ts                       # 180 s of training, painter.png
 *   pnpm exec tsx bench/painter.ts --seconds 30 --png /tmp/p.png --config '{"stepLossWeight":0.3}'
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { binarizedMnist, encodePng, mulberry32 } from '@seq2seq/datasets/images';
import { Painter, Trainer, painterTask, readPaintings, type ImageSourceBatch, type PainterConfig } from '../src/index';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '180' }, png: { type: 'string', default: 'painter.png' }, lr: { type: 'string', default: '0.002' }, config: { type: 'string', default: '{}' } } });
const seconds = Number(values.seconds);
const AREA = 28 * 28;

function batchOf(bits: Uint8Array, indices: number[]): ImageSourceBatch {
  const pixels = new Float32Array(indices.length * AREA);
  indices.forEach((image, b) => {
    for (let p = 0; p < AREA; p++) pixels[b * AREA + p] = bits[image * AREA + p]!;
  });
  return { pixels, shape: { batch: indices.length, height: 28, width: 28, channels: 1 } };
}

function shuffled(n: number, seed: number): number[] {
  const random = mulberry32(seed);
  const order = [...Array(n).keys()];
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

async function main(): Promise<void> {
  if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not start');
  const train = binarizedMnist('train');
  const test = binarizedMnist('test');
  const pool = shuffled(train.count, 1).slice(0, 2000);
  const testBatch = batchOf(test.bits, shuffled(test.count, 2).slice(0, 256));
  const model = new Painter({ seed: 1, ...(JSON.parse(values.config!) as PainterConfig) });
  const batches = (epoch: number): ImageSourceBatch[] => {
    const order = shuffled(pool.length, 100 + epoch).map((i) => pool[i]!);
    return Array.from({ length: Math.floor(order.length / 32) }, (_, b) => batchOf(train.bits, order.slice(b * 32, (b + 1) * 32)));
  };
  const trainer = new Trainer(painterTask(model, { trainBatches: batches }), { epochs: 1000, schedule: { kind: 'constant', lr: Number(values.lr) } });
  const testLoss = (): number => {
    const l = tf.tidy(() => model.reconstructionLoss(testBatch));
    const v = l.dataSync()[0]!;
    l.dispose();
    return v;
  };
  console.log(JSON.stringify({ params: model.countParameters(), config: model.config, testBceBefore: testLoss() }));

  // Throughput: one warm-up step, then 8 timed steps at batch 32.
  const [first] = batches(0);
  trainer.trainStep(first!);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (let i = 0; i < 8; i++) trainer.trainStep(first!);
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  console.log(JSON.stringify({ throughput: { batch: 32, imagesPerSec: +((8 * 32) / wall).toFixed(1), imagesPerCpuSec: +((8 * 32) / ((cpu.user + cpu.system) / 1e6)).toFixed(1) } }));

  // Time-boxed training (the 9 steps above count in the time).
  const started = performance.now() - wall * 1000;
  let last = 0;
  await trainer.fit({
    onBatchEnd: (e) => {
      const elapsed = (performance.now() - started) / 1000;
      if (elapsed > last + 30) {
        last = elapsed;
        console.log(JSON.stringify({ seconds: Math.round(elapsed), step: e.step, loss: +e.loss.toFixed(4) }));
      }
      if (elapsed >= seconds) trainer.requestStop();
    },
  });
  const elapsed = (performance.now() - started) / 1000;
  console.log(JSON.stringify({ trained: { seconds: Math.round(elapsed), steps: trainer.state.step, images: trainer.state.step * 32, testBce: +testLoss().toFixed(4) } }));

  // The PNG: 8 test digits, each a row: target | canvas after stroke 1 .. steps; 3x, gaps of 2.
  const rows = 8;
  const shown = { pixels: testBatch.pixels.slice(0, rows * AREA), shape: { ...testBatch.shape, batch: rows } };
  const paintings = readPaintings(model.eval(), shown);
  const steps = model.config.steps;
  const cell = 28 * 3 + 2;
  const width = cell * (steps + 1);
  const height = cell * rows;
  const pixels = new Uint8Array(width * height).fill(128);
  const put = (row: number, col: number, image: ArrayLike<number>): void => {
    for (let y = 0; y < 84; y++) for (let x = 0; x < 84; x++) pixels[(row * cell + y) * width + col * cell + x] = Math.round(255 * image[Math.floor(y / 3) * 28 + Math.floor(x / 3)]!);
  };
  paintings.forEach((p, r) => {
    put(r, 0, shown.pixels.subarray(r * AREA, (r + 1) * AREA));
    p.canvases.forEach((c, t) => put(r, t + 1, c));
  });
  writeFileSync(values.png!, encodePng({ width, height, pixels }));
  console.log(JSON.stringify({ png: values.png, strokesOfFirst: paintings[0]!.strokes.map((s) => s.map((v) => +v.toFixed(2))) }));
  model.dispose();
}

await main();
