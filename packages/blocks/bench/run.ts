/**
 * Benchmark of the convolutional blocks: one SGD training step (forward, backward, update; MSE
 * to a random target) of the ResNet-style encoder in encoder.ts, input [batch, 48, 160, 1]
 * (batch 32 by default), on
 *
 * - WASM with our gradients (`ours`; tfjs's own conv gradient cannot run there: WASM has no
 *   Conv2DBackpropFilter),
 * - the CPU backend with tfjs's own conv gradients (`tfjs`), and with ours,
 * - PyTorch on one CPU thread (bench/torch_encoder.py, run with Debian's /usr/bin/python3 when it
 *   can import torch; otherwise the row says why it was skipped);
 *
 * and first (`kernels`) each half of the convolution gradient on WASM beside the alternative it
 * replaced (kernels.ts), and BlurPool's forward and backward pass beside its slice version (blur.ts).
 *
 * The CPU backend's rows (`cpu`) run at a smaller batch (`--cpu-batch`, default 4), beside our WASM
 * row and PyTorch's at that batch: tfjs's own conv gradients take minutes per step at batch 32.
 *
 * Prints one JSON line per row: { case, backend, gradient, batch, ms, wallMs, gflops, ratio... }.
 * `ms` is the minimum process CPU time of a step over repetitions (the machine may be shared, so
 * CPU time is the robust figure; wall time is `wallMs`), `gflops` the convolutions' FLOPs
 * (3x the forward pass) over `ms`. The last line compares: `vsPytorch` = PyTorch ms / our WASM ms,
 * `vsTfjsCpu` = tfjs CPU ms / our WASM ms (> 1: we are faster).
 *
 *   pnpm bench                                  # kernels; batch 32 on WASM and PyTorch; batch 4 with the CPU rows
 *   pnpm bench -- --rows wasm-ours,pytorch --batch 8 --reps 3
 *   pnpm bench -- --rows wasm-ours,cpu-tfjs,cpu-ours,pytorch --batch 4
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm'; // also registers the backend
import { Rng } from '@seq2seq/core';
import { Encoder, HEIGHT, WIDTH, WIDTHS, forwardFlops, type ConvGradient } from './encoder';
import { blurRows } from './blur';
import { kernelRows } from './kernels';
import { measure } from './measure';

const HERE = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const BATCH = Number(arg('batch') ?? 32);
const REPS = Number(arg('reps') ?? 3);
const ROWS = (arg('rows') ?? 'kernels,wasm-ours,pytorch,cpu').split(',');
const CPU_BATCH = Number(arg('cpu-batch') ?? 4);
const OUT_H = HEIGHT / 8;
const OUT_W = WIDTH / 8;

const print = (row: Record<string, unknown>): void => {
  const rounded = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(4)) : v]));
  console.log(JSON.stringify(rounded));
};

/** One training step of the encoder on `backend` with `gradient`'s conv gradients. */
async function tfjsRow(backend: 'wasm' | 'cpu', gradient: ConvGradient, batch: number, reps: number): Promise<number> {
  if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} did not start`);
  const encoder = new Encoder(1);
  const rng = new Rng(2);
  const x = tf.tensor4d(rng.uniformArray(batch * HEIGHT * WIDTH, 0, 1), [batch, HEIGHT, WIDTH, 1]);
  const target = tf.tensor4d(rng.normalArray(batch * OUT_H * OUT_W * WIDTHS[2]), [batch, OUT_H, OUT_W, WIDTHS[2]]);
  const optimizer = tf.train.sgd(0.01);
  const vars = encoder.trainableVariables();
  const step = (): void => {
    const loss = optimizer.minimize(() => tf.tidy(() => tf.mean(tf.square(tf.sub(encoder.forward(x, gradient), target))) as tf.Scalar), true, vars)!;
    loss.dataSync();
    loss.dispose();
  };
  const tensors = tf.memory().numTensors;
  const { ms, wallMs } = measure(step, reps);
  const leaked = tf.memory().numTensors - tensors;
  print({ case: 'resnet-encoder-train', backend, gradient, threads: backend === 'wasm' ? getThreadsCount() : 1, batch: batch, ms, wallMs, gflops: (3 * forwardFlops(batch)) / ms / 1e6, leakedTensorsPerRun: leaked });
  optimizer.dispose();
  tf.dispose([x, target]);
  encoder.dispose();
  return ms;
}

/** PyTorch's step on one thread, or null (with a printed note) when torch is not importable. */
function pytorchRow(batch: number, reps: number): number | null {
  const python = '/usr/bin/python3';
  const note = (why: string): null => {
    print({ case: 'resnet-encoder-train', backend: 'pytorch-cpu-1thread', skipped: why });
    return null;
  };
  if (!existsSync(python)) return note(`${python} not found`);
  try {
    execFileSync(python, ['-c', 'import torch'], { stdio: 'ignore' });
  } catch {
    return note(`${python} cannot import torch (Debian: apt install python3-torch)`);
  }
  const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  const out = execFileSync(python, [join(HERE, 'torch_encoder.py'), String(batch), String(reps)], { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'ignore'], timeout: 600_000 });
  const r = JSON.parse(out.trim().split('\n').pop()!) as { ms: number; wallMs: number; threads: number; torch: string };
  print({ case: 'resnet-encoder-train', backend: `pytorch-cpu-${r.threads}thread`, gradient: `torch ${r.torch}`, batch: batch, ms: r.ms, wallMs: r.wallMs, gflops: (3 * forwardFlops(batch)) / r.ms / 1e6 });
  return r.ms;
}

/** Runs the training-step rows in `rows` at `batch`, then a line comparing them with our WASM row. */
async function suite(batch: number, rows: readonly string[]): Promise<void> {
  const results: Record<string, number | null> = {};
  if (rows.includes('wasm-ours')) results.wasmOurs = await tfjsRow('wasm', 'ours', batch, REPS);
  if (rows.includes('cpu-tfjs')) results.cpuTfjs = await tfjsRow('cpu', 'tfjs', batch, 1); // minutes per step at batch 32
  if (rows.includes('cpu-ours')) results.cpuOurs = await tfjsRow('cpu', 'ours', batch, 1);
  if (rows.includes('pytorch')) results.pytorch = pytorchRow(batch, Math.max(REPS, 3));
  const ours = results.wasmOurs;
  if (ours) {
    print({
      case: 'resnet-encoder-train',
      compare: 'wasm-ours',
      batch,
      vsPytorch: results.pytorch ? results.pytorch / ours : null,
      vsTfjsCpu: results.cpuTfjs ? results.cpuTfjs / ours : null,
      vsOursCpu: results.cpuOurs ? results.cpuOurs / ours : null,
    });
  }
}

if (ROWS.includes('kernels')) {
  await tf.setBackend('wasm');
  kernelRows(print, REPS);
  blurRows(print, REPS);
}
await suite(BATCH, ROWS);
// The CPU backend's rows at a smaller batch (tfjs's own conv gradients take minutes per step at
// batch 32), with our WASM row and PyTorch's again at that batch for the ratios.
if (ROWS.includes('cpu')) await suite(CPU_BATCH, ['wasm-ours', 'cpu-tfjs', 'cpu-ours', 'pytorch']);
