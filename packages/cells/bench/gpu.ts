/**
 * WebGPU against WASM in one process, for machines with a GPU: the cells bench's training and
 * inference cases (and larger training steps) on both backends, with tfjs-layers as the peer on
 * each, plus what a WebGPU step is made of (kernels per step, the cost of one dispatch, GPU time
 * against wall time where the adapter has timestamp queries).
 *
 * WebGPU comes from `@seq2seq/backend`: `navigator.gpu` in a browser, Dawn (npm `webgpu`, the
 * WebGPU implementation inside Chromium) over Vulkan in Node. Times are WALL-clock minima over
 * repetitions, each ending with a read back of the result (`await data()`): on a GPU, process CPU
 * time says nothing about the work.
 *
 * On WebGPU the second peer is this package's per-op path (`setWebGpuKernelMode('never')`: tfjs
 * ops per time step) against the WGSL kernels that run the whole recurrence in one dispatch.
 *
 * Prints one JSON line per case and peer, `{ case, backend, ms, peer, peerMs, ratio, ... }`
 * (`ratio = peerMs / ms`, > 1: ours is faster), then one line per case comparing the backends
 * (`peer: 'wasm'`, `ratio = wasm ms / webgpu ms`).
 *
 *   node --experimental-wasm-relaxed-simd --import tsx bench/gpu.ts [--backend webgpu,wasm] [--large-on webgpu,wasm] [--case NAME,...] [--reps N] [--no-layers] [--wasm-paths DIR] [--quick | --smoke]
 *
 * `--quick`: fewer repetitions, no large cases. `--smoke`: every case at toy sizes, once (checks
 * that the bench runs, e.g. on SwiftShader; its numbers mean nothing).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { createRuntime, type BackendName } from '@seq2seq/backend';
import { Rng } from '@seq2seq/core';
import { RNN, setWebGpuKernelMode } from '../src/index';

const args = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const SMOKE = args.includes('--smoke');
const QUICK = SMOKE || args.includes('--quick');
const WASM_PATHS = arg('wasm-paths');
/** Only these cases (comma-separated names, e.g. `gru-train-b64`); all when absent. */
const ONLY = arg('case')?.split(',');
/** Repetitions of the batch-64 training cases (min of these). */
const TRAIN_REPS = Number(arg('reps') ?? 5);
/** Skip the tfjs-layers peer (on WASM its training step takes over a second). */
const NO_LAYERS = args.includes('--no-layers');
const wanted = (name: string): boolean => !ONLY || ONLY.includes(name);
/** Backends that run the large cases (on WASM they take seconds a step). */
const LARGE_ON = (arg('large-on') ?? 'webgpu,wasm').split(',');

type Kind = 'gru' | 'lstm';
const GATES: Record<Kind, number> = { gru: 3, lstm: 4 };

/** One case's sizes: the cells bench's standard case is batch 64, input 64, hidden 256, 20 steps. */
interface Shape {
  batch: number;
  input: number;
  hidden: number;
  steps: number;
}
const STANDARD: Shape = SMOKE ? { batch: 4, input: 8, hidden: 16, steps: 3 } : { batch: 64, input: 64, hidden: 256, steps: 20 };
const LARGE: Shape = { batch: 256, input: 128, hidden: 512, steps: 20 };
const HUGE: Shape = { batch: 1024, input: 256, hidden: 1024, steps: 20 };
/** The plain matMul cases `[batch, hidden] x [hidden, 3 hidden]`. */
const MATMULS: Array<[number, number]> = SMOKE ? [[4, 16]] : [[64, 256], [1024, 1024]];

/** matMul FLOPs of one forward pass over the sequence. */
const forwardFlops = (kind: Kind, s: Shape): number => 2 * s.batch * s.steps * (s.input + s.hidden) * GATES[kind] * s.hidden;

interface Timing {
  ms: number;
  mean: number;
}

/** Min and mean wall time of `reps` calls after `warmup` calls; each call ends with a read back. */
async function measure(fn: () => Promise<void>, reps: number, warmup: number): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  let ms = Infinity;
  let total = 0;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    const dt = performance.now() - t0;
    ms = Math.min(ms, dt);
    total += dt;
  }
  return { ms, mean: total / reps };
}

function print(row: Record<string, unknown>): void {
  const round = (v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(4)) : v);
  console.log(JSON.stringify(Object.fromEntries(Object.entries(row).map(([k, v]) => [k, round(v)]))));
}

/** `fn` with the WGSL recurrence kernels off (tfjs ops per time step). */
const perOp = (fn: () => Promise<void>) => async (): Promise<void> => {
  const prev = setWebGpuKernelMode('never');
  try {
    await fn();
  } finally {
    setWebGpuKernelMode(prev);
  }
};

/** On WebGPU: a row of ours against the per-op path. */
async function perOpRow(name: string, ours: () => Promise<void>, a: Timing, reps: number, warmup: number, flops: number): Promise<void> {
  const c = await measure(perOp(ours), reps, warmup);
  print({ case: name, backend: 'webgpu', ms: a.ms, peer: 'cells-per-op', peerMs: c.ms, ratio: c.ms / a.ms, gflops: flops / a.ms / 1e6, peerGflops: flops / c.ms / 1e6 });
}

/** Results by case name and backend, for the closing backend-against-backend rows. */
const results = new Map<string, Partial<Record<BackendName, number>>>();
function record(name: string, backend: BackendName, ms: number): void {
  results.set(name, { ...results.get(name), [backend]: ms });
}

function layersRnn(kind: Kind, s: Shape): tfl.layers.Layer {
  const cfg = { units: s.hidden, returnSequences: true, recurrentActivation: 'sigmoid' as const, inputShape: [s.steps, s.input] };
  return kind === 'gru' ? tfl.layers.gru(cfg) : tfl.layers.lstm(cfg);
}

const layerVariables = (layer: tfl.layers.Layer): tf.Variable[] =>
  layer.trainableWeights.map((w) => (w as unknown as { read(): tf.Variable }).read());

/** One Adam step on MSE to `target`, read back. */
function adamStep(optimizer: tf.Optimizer, loss: () => tf.Scalar, vars: tf.Variable[]): () => Promise<void> {
  return async () => {
    const value = optimizer.minimize(loss, true, vars)!;
    await value.data();
    value.dispose();
  };
}

async function trainCase(backend: BackendName, kind: Kind, s: Shape, label: string, withPeer: boolean): Promise<void> {
  const name = `${kind}-train-${label}`;
  if (!wanted(name)) return;
  withPeer &&= !NO_LAYERS;
  const x = tf.randomNormal([s.batch, s.steps, s.input], 0, 1, 'float32', 1) as tf.Tensor3D; // [batch, time, input]
  const target = tf.randomNormal([s.batch, s.steps, s.hidden], 0, 1, 'float32', 2); // [batch, time, hidden]
  const rnn = new RNN({ cell: kind, inputSize: s.input, hiddenSize: s.hidden, rng: new Rng(1) });
  const opt = tf.train.adam(1e-3);
  const ours = adamStep(opt, () => tf.losses.meanSquaredError(target, rnn.apply(x).output) as tf.Scalar, rnn.trainableVariables());
  // A large step on WASM takes seconds: fewer repetitions there.
  const big = s.batch * s.hidden > 64 * 256;
  const reps = QUICK || big ? 2 : TRAIN_REPS;
  const a = await measure(ours, reps, big ? 1 : 2);
  const gflops = (3 * forwardFlops(kind, s)) / a.ms / 1e6;
  const row: Record<string, unknown> = { case: name, backend, ms: a.ms, meanMs: a.mean, gflops, ...s };
  if (withPeer) {
    const layer = layersRnn(kind, s);
    layer.apply(x); // builds the weights
    const opt2 = tf.train.adam(1e-3);
    const peer = adamStep(opt2, () => tf.losses.meanSquaredError(target, layer.apply(x) as tf.Tensor) as tf.Scalar, layerVariables(layer));
    const b = await measure(peer, reps, 2);
    Object.assign(row, { peer: 'tfjs-layers', peerMs: b.ms, ratio: b.ms / a.ms });
    layer.dispose();
    opt2.dispose();
  }
  if (backend === 'webgpu') Object.assign(row, await stepAnatomy(ours));
  print(row);
  record(name, backend, a.ms);
  if (backend === 'webgpu') await perOpRow(name, ours, a, reps, big ? 1 : 2, 3 * forwardFlops(kind, s));
  tf.dispose([x, target]);
  rnn.dispose();
  opt.dispose();
}

async function inferCase(backend: BackendName, kind: Kind, s: Shape, label: string): Promise<void> {
  const name = `${kind}-infer-${label}`;
  if (!wanted(name)) return;
  const x = tf.randomNormal([s.batch, s.steps, s.input], 0, 1, 'float32', 3) as tf.Tensor3D;
  const rnn = new RNN({ cell: kind, inputSize: s.input, hiddenSize: s.hidden, rng: new Rng(1) });
  const layer = layersRnn(kind, s);
  layer.apply(x);
  const readBack = (y: () => tf.Tensor) => async () => {
    const out = y();
    await out.data();
    out.dispose();
  };
  const ours = readBack(() => tf.tidy(() => rnn.apply(x).output));
  const peer = readBack(() => tf.tidy(() => layer.apply(x) as tf.Tensor));
  const reps = QUICK ? 3 : s.batch === 1 ? 20 : 5;
  const a = await measure(ours, reps, 2);
  const b = await measure(peer, reps, 2);
  const row: Record<string, unknown> = { case: name, backend, ms: a.ms, meanMs: a.mean, peer: 'tfjs-layers', peerMs: b.ms, ratio: b.ms / a.ms, gflops: forwardFlops(kind, s) / a.ms / 1e6, ...s };
  if (backend === 'webgpu') Object.assign(row, await stepAnatomy(ours));
  print(row);
  record(name, backend, a.ms);
  if (backend === 'webgpu') await perOpRow(name, ours, a, reps, 2, forwardFlops(kind, s));
  layer.dispose();
  rnn.dispose();
  x.dispose();
}

/**
 * What one step is made of on WebGPU: kernels launched (tf.profile), and `tf.time`'s kernel time
 * (GPU time from timestamp queries, where the adapter has them; tfjs reports an error string
 * otherwise) against its wall time.
 */
async function stepAnatomy(step: () => Promise<void>): Promise<Record<string, unknown>> {
  const profile = await tf.profile(step);
  let pending: Promise<void> = Promise.resolve();
  const timing = await tf.time(() => {
    pending = step(); // the kernels are all dispatched before its first await
  });
  await pending;
  const kernelMs = (timing as { kernelMs: number | { error: string } }).kernelMs;
  return {
    kernels: profile.kernels.length,
    gpuKernelMs: typeof kernelMs === 'number' ? kernelMs : null,
    timeNote: typeof kernelMs === 'number' ? undefined : kernelMs.error,
  };
}

/** The cost of one kernel dispatch: a chain of tiny adds, read back once. */
async function dispatchCase(backend: BackendName): Promise<void> {
  const n = 200;
  const one = tf.ones([64, 256]);
  const chain = async () => {
    const out = tf.tidy(() => {
      let y = one;
      for (let i = 0; i < n; i++) y = tf.add(y, one);
      return y;
    });
    await out.data();
    out.dispose();
  };
  const a = await measure(chain, SMOKE ? 1 : QUICK ? 3 : 10, SMOKE ? 0 : 2);
  print({ case: 'dispatch-add-64x256', backend, ms: a.ms, perKernelUs: (a.ms * 1000) / n, kernels: n });
  one.dispose();
}

/** A plain matMul `[batch, H] x [H, 3H]` repeated: the practical throughput ceiling. */
async function matMulCase(backend: BackendName, batch: number, hidden: number): Promise<void> {
  const a = tf.randomNormal([batch, hidden]) as tf.Tensor2D;
  const b = tf.randomNormal([hidden, 3 * hidden]) as tf.Tensor2D;
  const n = 20;
  const run = async () => {
    const out = tf.tidy(() => {
      let acc = tf.zeros([batch, 3 * hidden]);
      for (let i = 0; i < n; i++) acc = tf.add(acc, tf.matMul(a, b));
      return acc;
    });
    await out.data();
    out.dispose();
  };
  const t = await measure(run, QUICK ? 2 : 5, 1);
  print({ case: `matmul-${batch}x${hidden}x${3 * hidden}-x${n}`, backend, ms: t.ms, gflops: (2 * batch * hidden * 3 * hidden * n) / t.ms / 1e6 });
  tf.dispose([a, b]);
}

async function runBackend(backend: BackendName): Promise<void> {
  const runtime = await createRuntime({ prefer: [backend], softwareWebGpu: 'as-listed', ...(WASM_PATHS ? { wasmPaths: WASM_PATHS } : {}) });
  if (runtime.backend !== backend) {
    print({ case: 'start', backend, started: false, reasons: runtime.reasons });
    return;
  }
  print({ case: 'start', backend, started: true, adapter: runtime.capabilities.adapter, simd: runtime.capabilities.simd, reasons: runtime.reasons });
  const before = tf.memory().numTensors;
  if (!ONLY) {
    await dispatchCase(backend);
    for (const [batch, hidden] of MATMULS) await matMulCase(backend, batch, hidden);
  }
  const kinds = args.includes('--lstm-first') ? (['lstm', 'gru'] as const) : (['gru', 'lstm'] as const);
  for (const kind of kinds) await trainCase(backend, kind, STANDARD, 'b64', true);
  for (const kind of ['gru', 'lstm'] as const) for (const batch of [1, 64]) await inferCase(backend, kind, { ...STANDARD, batch }, `b${batch}`);
  if (!QUICK && LARGE_ON.includes(backend)) {
    for (const kind of ['gru', 'lstm'] as const) await trainCase(backend, kind, LARGE, 'b256-h512', false);
    if (backend === 'webgpu') for (const kind of ['gru', 'lstm'] as const) await trainCase(backend, kind, HUGE, 'b1024-h1024', false);
  }
  const leaked = tf.memory().numTensors - before;
  // tfjs-layers keeps one tensor per layer it built (the peers); ours leave none (see the tests).
  if (leaked !== 0) print({ case: 'leak-check', backend, leakedTensors: leaked, note: 'includes one tensor per tfjs-layers peer layer' });
}

const order = (arg('backend') ?? 'webgpu,wasm').split(',') as BackendName[];
for (const backend of order) await runBackend(backend);
for (const [name, byBackend] of results) {
  if (byBackend.webgpu !== undefined && byBackend.wasm !== undefined) {
    print({ case: name, backend: 'webgpu', ms: byBackend.webgpu, peer: 'wasm', peerMs: byBackend.wasm, ratio: byBackend.wasm / byBackend.webgpu });
  }
}
