/**
 * Benchmark of the recurrent image density (spatial LSTM) on binarised MNIST (28x28, 2 levels):
 * training throughput in images/s (Adam steps on batches of `--batch` for `--seconds`, after one
 * warm-up step) and the time to sample one 28x28 image pixel by pixel, on `--backend`
 * (default wasm, as a browser would train), for each `--paths` entry in the same process:
 * `tfjs` (the spatial LSTM's per-diagonal steps, native products inside) and `native` (the
 * whole grid of a layer in one native call each way), `--seconds` each, in `--rounds`
 * alternating slices. Prints one JSON line per measurement and the load
 * average (the figures scale with the share of the CPU the process gets; images per CPU-second,
 * from `process.cpuUsage`, depend less on it). With `--profile`, it
 * first prints where one training step's time goes: kernels by name (count, milliseconds) and
 * the time outside kernels.
 *
 *   pnpm exec tsx bench/spatial.ts --hidden 64 --layers 1 --batch 32 --seconds 60
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { setNativeKernelMode } from '@seq2seq/cells';
import { Rng } from '@seq2seq/core';
import { binarizedMnist } from '@seq2seq/datasets/images';
import { RecurrentImageDensity, Trainer, levelImageBatches, recurrentImageDensityTask } from '../src/index';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    hidden: { type: 'string', default: '64' },
    layers: { type: 'string', default: '1' },
    readout: { type: 'string', default: '64' },
    radius: { type: 'string', default: '2' },
    batch: { type: 'string', default: '32' },
    seconds: { type: 'string', default: '60' },
    paths: { type: 'string', default: 'tfjs,native' },
    rounds: { type: 'string', default: '3' },
    profile: { type: 'boolean', default: false },
  },
  allowPositionals: true,
});

async function main(): Promise<void> {
  if (!(await tf.setBackend(values.backend!))) throw new Error(`backend '${values.backend}' did not start`);
  const mnist = binarizedMnist('train');
  const batchSize = Number(values.batch);
  const images = { count: mnist.count, height: 28, width: 28, levels: mnist.bits };
  const batches = levelImageBatches(images, batchSize, new Rng(0)).slice(0, 200);
  const config = { hiddenSize: Number(values.hidden), numLayers: Number(values.layers), readoutSize: Number(values.readout), radius: Number(values.radius) };
  // Both paths train side by side: --rounds alternating slices of --seconds / rounds each, so a
  // change in the machine's load during the run affects both rows alike.
  const paths = values.paths!.split(',').map((path) => {
    if (path !== 'tfjs' && path !== 'native') throw new Error(`--paths: expected tfjs and/or native, got '${path}'`);
    // 'tfjs': the per-diagonal path (native products inside, as before the grid kernels); 'native': one call per layer.
    const mode = path === 'tfjs' ? ('inference' as const) : ('auto' as const);
    setNativeKernelMode(mode);
    const model = new RecurrentImageDensity(config);
    const trainer = new Trainer(recurrentImageDensityTask(model, { trainBatches: () => batches }), { schedule: { kind: 'constant', lr: 3e-3 } });
    trainer.trainStep(batches[0]!); // warm-up
    return { path, mode, model, trainer, steps: 0, ms: 0, cpuMs: 0, loss: 0 };
  });
  if (values.profile) {
    for (const p of paths) {
      setNativeKernelMode(p.mode);
      await profileStep(p.path, () => p.trainer.trainStep(batches[1]!));
    }
  }
  const rounds = Number(values.rounds);
  const slice = (Number(values.seconds) * 1000) / rounds;
  for (let round = 0; round < rounds; round++) {
    for (const p of paths) {
      setNativeKernelMode(p.mode);
      const start = performance.now();
      const cpu = process.cpuUsage();
      while (performance.now() - start < slice) {
        p.loss = p.trainer.trainStep(batches[(1 + p.steps) % batches.length]!).loss;
        p.steps++;
      }
      p.ms += performance.now() - start;
      const used = process.cpuUsage(cpu);
      p.cpuMs += (used.user + used.system) / 1000;
    }
  }
  for (const p of paths) {
    const seconds = p.ms / 1000;
    console.log(JSON.stringify({ measure: 'train', path: p.path, backend: tf.getBackend(), ...config, batch: batchSize, steps: p.steps, seconds: +seconds.toFixed(1), imagesPerSec: +((p.steps * batchSize) / seconds).toFixed(2), cpuSeconds: +(p.cpuMs / 1000).toFixed(1), imagesPerCpuSec: +((p.steps * batchSize * 1000) / p.cpuMs).toFixed(2), lastLoss: +p.loss.toFixed(1), load: loadavg()[0] }));
  }
  for (const p of paths) {
    setNativeKernelMode(p.mode);
    const t0 = performance.now();
    p.model.sample(1, 28, 28, new Rng(1));
    console.log(JSON.stringify({ measure: 'sample', path: p.path, backend: tf.getBackend(), ...config, images: 1, size: '28x28', seconds: +((performance.now() - t0) / 1000).toFixed(2), load: loadavg()[0] }));
    p.model.dispose();
  }
  setNativeKernelMode('auto');
}

/** One call of `step` under `tf.profile`: kernels by name, and the time outside kernels. */
async function profileStep(path: string, step: () => void): Promise<void> {
  const t0 = performance.now();
  const info = await tf.profile(step);
  const total = performance.now() - t0;
  const byName = new Map<string, { count: number; ms: number }>();
  for (const k of info.kernels) {
    const ms = await k.kernelTimeMs;
    const e = byName.get(k.name) ?? { count: 0, ms: 0 };
    e.count++;
    e.ms += typeof ms === 'number' ? ms : 0;
    byName.set(k.name, e);
  }
  const kernels = [...byName].sort((a, b) => b[1].ms - a[1].ms).map(([name, e]) => ({ name, count: e.count, ms: +e.ms.toFixed(1) }));
  // A custom-gradient op is an 'unnamed scope' whose time includes its kernels': not added again.
  const kernelMs = kernels.filter((k) => k.name !== 'unnamed scope').reduce((a, k) => a + k.ms, 0);
  console.log(JSON.stringify({ measure: 'profile', path, backend: tf.getBackend(), kernels: info.kernels.length, kernelMs: +kernelMs.toFixed(0), stepMs: +total.toFixed(0), top: kernels.slice(0, 15) }));
}

await main();
