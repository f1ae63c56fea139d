/**
 * Benchmark of @seq2seq/cells against peers in the same process, on the same backend:
 *
 * - training step (Adam, MSE to a target; batch 64, input 64, hidden 256, 20 steps) against
 *   tfjs-layers' `tf.layers.gru` / `tf.layers.lstm` of the same size, and PyTorch's figure for the
 *   same step (one CPU thread; a separate process, skipped when torch is not installed);
 * - inference (batch 1 and 64) against tfjs-layers and onnxruntime-web's WASM backend (one
 *   thread) running PyTorch's ONNX export with OUR weights (outputs are compared first).
 *
 * Prints one JSON line per case and peer:
 *   { case, backend, ms, peer, peerMs, ratio, gflops, ceilingGflops, ... }
 * `ms` / `peerMs` are the minimum process CPU time over repetitions (the machine is shared, so wall
 * time is also given as `wallMs`, but CPU time is the robust figure); `ratio = peerMs / ms`
 * (> 1: we are faster). `gflops` is the matMul work of the case (input projections, recurrent
 * products; 3x for training) over `ms`; `ceilingGflops` is a plain `tf.matMul` of the case's
 * dominant recurrent shape on the same backend, the practical ceiling.
 *
 *   pnpm bench                      # wasm and cpu, all cases
 *   pnpm bench -- --backend wasm --case gru-infer-b1
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tfl from '@tensorflow/tfjs-layers';
import * as ort from 'onnxruntime-web';
import { Rng } from '@seq2seq/core';
import { loadavg } from 'node:os';
import { RNN, nativeKernelBuild, relaxedSimdSupported, setNativeKernelBuild, setNativeKernelMode } from '../src/index';

const HERE = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const BACKENDS = (arg('backend') ?? 'wasm,cpu').split(',');
const ONLY = arg('case');
const IN = 64;
const H = 256;
const T = 20;

type Kind = 'gru' | 'lstm';
const GATES: Record<Kind, number> = { gru: 3, lstm: 4 };

/** Min CPU time and min wall time of `reps` calls after `warmup` calls. */
async function measure(fn: () => unknown, reps: number, warmup = 2): Promise<{ ms: number; wallMs: number }> {
  for (let i = 0; i < warmup; i++) await fn();
  let ms = Infinity;
  let wallMs = Infinity;
  for (let i = 0; i < reps; i++) {
    const w0 = performance.now();
    const c0 = process.cpuUsage();
    await fn();
    const d = process.cpuUsage(c0);
    ms = Math.min(ms, (d.user + d.system) / 1000);
    wallMs = Math.min(wallMs, performance.now() - w0);
  }
  return { ms, wallMs };
}

/** Interleaves the measurements of ours and a peer, so both see the same machine load. */
async function compare(ours: () => unknown, peer: () => unknown, reps: number, rounds = 3): Promise<[{ ms: number; wallMs: number }, { ms: number; wallMs: number }]> {
  let a = { ms: Infinity, wallMs: Infinity };
  let b = { ms: Infinity, wallMs: Infinity };
  for (let r = 0; r < rounds; r++) {
    const x = await measure(ours, reps, r === 0 ? 2 : 1);
    const y = await measure(peer, reps, r === 0 ? 2 : 1);
    a = { ms: Math.min(a.ms, x.ms), wallMs: Math.min(a.wallMs, x.wallMs) };
    b = { ms: Math.min(b.ms, y.ms), wallMs: Math.min(b.wallMs, y.wallMs) };
  }
  return [a, b];
}

/**
 * Where the engine accepts relaxed SIMD: the same case on the SIMD build of the native kernels
 * (`ours` runs on the relaxed one), one row `peer: 'cells-simd-build'`.
 */
async function buildRow(name: string, ours: () => unknown, flops: number, reps: number): Promise<void> {
  if (!relaxedSimdSupported()) return;
  const simd = () => {
    const prev = setNativeKernelBuild('simd');
    try {
      return ours();
    } finally {
      setNativeKernelBuild(prev);
    }
  };
  const [e, f] = await compare(ours, simd, reps, 3);
  print({ case: name, backend: 'wasm', build: 'relaxed-simd', ms: e.ms, peer: 'cells-simd-build', peerMs: f.ms, ratio: f.ms / e.ms, gflops: flops / e.ms / 1e6, peerGflops: flops / f.ms / 1e6, wallMs: e.wallMs, peerWallMs: f.wallMs });
}

/** matMul FLOPs of one forward pass over the sequence. */
const forwardFlops = (kind: Kind, batch: number): number => 2 * batch * T * (IN + H) * GATES[kind] * H;

/** Throughput of a plain matMul `[batch, H] x [H, G*H]` on the active backend (GFLOP/s). */
async function ceiling(kind: Kind, batch: number): Promise<number> {
  const a = tf.randomNormal([batch, H]) as tf.Tensor2D;
  const b = tf.randomNormal([H, GATES[kind] * H]) as tf.Tensor2D;
  const n = batch === 1 ? 200 : 10;
  const { ms } = await measure(() => tf.tidy(() => { for (let i = 0; i < n; i++) tf.matMul(a, b); }), 5);
  tf.dispose([a, b]);
  return (2 * batch * H * GATES[kind] * H * n) / ms / 1e6;
}

function print(row: Record<string, unknown>): void {
  const round = (v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(4)) : v);
  // build: which build of the native kernels ran (relaxed SIMD where the engine accepts it).
  // load1: the machine's 1-minute load average when the row was printed (it is shared).
  const build = row.backend === 'wasm' ? { build: row.build ?? nativeKernelBuild() } : {};
  console.log(JSON.stringify(Object.fromEntries(Object.entries({ ...row, ...build, load1: loadavg()[0] }).map(([k, v]) => [k, round(v)]))));
}

function layersRnn(kind: Kind): tfl.layers.Layer {
  const cfg = { units: H, returnSequences: true, recurrentActivation: 'sigmoid' as const, inputShape: [T, IN] };
  return kind === 'gru' ? tfl.layers.gru(cfg) : tfl.layers.lstm(cfg);
}

const layerVariables = (layer: tfl.layers.Layer): tf.Variable[] =>
  layer.trainableWeights.map((w) => (w as unknown as { read(): tf.Variable }).read());

async function trainCase(backend: string, kind: Kind): Promise<void> {
  const name = `${kind}-train-b64`;
  if (ONLY && ONLY !== name) return;
  const B = 64;
  const x = tf.randomNormal([B, T, IN], 0, 1, 'float32', 1) as tf.Tensor3D;
  const target = tf.randomNormal([B, T, H], 0, 1, 'float32', 2);
  const rnn = new RNN({ cell: kind, inputSize: IN, hiddenSize: H, rng: new Rng(1) });
  const opt = tf.train.adam(1e-3);
  const ours = () => {
    const loss = opt.minimize(() => tf.losses.meanSquaredError(target, rnn.apply(x).output) as tf.Scalar, true, rnn.trainableVariables());
    loss!.dataSync();
    loss!.dispose();
  };
  const layer = layersRnn(kind);
  layer.apply(x); // builds the weights
  const vars = layerVariables(layer);
  const opt2 = tf.train.adam(1e-3);
  const peer = () => {
    const loss = opt2.minimize(() => tf.losses.meanSquaredError(target, layer.apply(x) as tf.Tensor) as tf.Scalar, true, vars);
    loss!.dataSync();
    loss!.dispose();
  };
  const [a, b] = await compare(ours, peer, backend === 'cpu' ? 1 : 3, backend === 'cpu' ? 1 : 3);
  const ceil = await ceiling(kind, B);
  print({ case: name, backend, ms: a.ms, peer: 'tfjs-layers', peerMs: b.ms, ratio: b.ms / a.ms, gflops: (3 * forwardFlops(kind, B)) / a.ms / 1e6, ceilingGflops: ceil, wallMs: a.wallMs, peerWallMs: b.wallMs });
  if (backend === 'wasm') {
    // The native training kernels (forward saving the gates, backward through time, one call
    // each) against this package's per-step training path, which they replace on WASM.
    const perStep = () => {
      const prev = setNativeKernelMode('inference');
      try {
        ours();
      } finally {
        setNativeKernelMode(prev);
      }
    };
    const [e, f] = await compare(ours, perStep, 3, 3);
    print({ case: name, backend, ms: e.ms, peer: 'cells-per-step', peerMs: f.ms, ratio: f.ms / e.ms, gflops: (3 * forwardFlops(kind, B)) / e.ms / 1e6, wallMs: e.wallMs, peerWallMs: f.wallMs });
    await buildRow(name, ours, 3 * forwardFlops(kind, B), 3);
  }
  tf.dispose([x, target]);
  rnn.dispose();
  opt.dispose();
  opt2.dispose();
  layer.dispose();
}

/** Our weights in ONNX's layout, written into the external-data buffer the ONNX graph expects. */
function onnxWeights(kind: Kind, rnn: RNN): { model: Uint8Array; external: { path: string; data: Uint8Array } } {
  const meta = JSON.parse(readFileSync(join(HERE, 'fixtures', `${kind}.onnx.json`), 'utf8')) as {
    externalData: string;
    initializers: Record<'W' | 'R' | 'B', { offset: number; length: number }>;
  };
  const cell = rnn.cells[0]![0]!;
  const rec = (cell as unknown as { recurrentBias: tf.Variable | null }).recurrentBias;
  // Our gate blocks (GRU r, z, n; LSTM i, f, g, o) -> ONNX's (GRU z, r, h; LSTM i, o, f, c).
  const order = kind === 'gru' ? [1, 0, 2] : [0, 3, 1, 2];
  const reorderRows = (m: tf.Tensor2D) => tf.concat(order.map((g) => tf.slice(m, [g * H, 0], [H, m.shape[1]])), 0);
  const reorder = (v: tf.Tensor1D) => tf.concat(order.map((g) => tf.slice(v, [g * H], [H])));
  const parts = tf.tidy(() => ({
    W: reorderRows(tf.transpose(cell.kernel) as tf.Tensor2D).dataSync(), // [G*H, in]
    R: reorderRows(tf.transpose(cell.recurrentKernel) as tf.Tensor2D).dataSync(), // [G*H, H]
    B: tf.concat([reorder(cell.bias as tf.Tensor1D), rec ? reorder(rec as tf.Tensor1D) : tf.zeros([GATES[kind] * H])]).dataSync(),
  }));
  const { initializers } = meta;
  const size = Math.max(...Object.values(initializers).map((i) => i.offset + i.length));
  const data = new Uint8Array(size);
  for (const role of ['W', 'R', 'B'] as const) {
    const { offset, length } = initializers[role];
    const bytes = new Uint8Array(parts[role].buffer, parts[role].byteOffset, parts[role].byteLength);
    if (bytes.length !== length) throw new Error(`bench: ${kind} ${role} has ${bytes.length} bytes, the ONNX graph expects ${length}`);
    data.set(bytes, offset);
  }
  return { model: readFileSync(join(HERE, 'fixtures', `${kind}.onnx`)), external: { path: meta.externalData, data } };
}

async function inferCase(backend: string, kind: Kind, B: number): Promise<void> {
  const name = `${kind}-infer-b${B}`;
  if (ONLY && ONLY !== name) return;
  const x = tf.randomNormal([B, T, IN], 0, 1, 'float32', 3) as tf.Tensor3D;
  const reps = B === 1 ? 30 : 3;
  const flops = forwardFlops(kind, B);
  const ceil = await ceiling(kind, B);
  // The tfjs-layers GRU is reset-before-U (its only option), like our default GRU.
  const rnn = new RNN({ cell: kind, inputSize: IN, hiddenSize: H, rng: new Rng(1) });
  const ours = () => tf.tidy(() => void rnn.apply(x).output.dataSync());
  const layer = layersRnn(kind);
  layer.apply(x);
  const peer = () => tf.tidy(() => void (layer.apply(x) as tf.Tensor).dataSync());
  const [a, b] = await compare(ours, peer, reps);
  print({ case: name, backend, ms: a.ms, peer: 'tfjs-layers', peerMs: b.ms, ratio: b.ms / a.ms, gflops: flops / a.ms / 1e6, ceilingGflops: ceil, wallMs: a.wallMs, peerWallMs: b.wallMs });
  layer.dispose();
  // onnxruntime-web runs PyTorch's export (a reset-after GRU) with our weights.
  const torchLike = new RNN({ cell: kind, inputSize: IN, hiddenSize: H, rng: new Rng(2), resetAfter: kind === 'gru' ? true : undefined });
  const w = onnxWeights(kind, torchLike);
  const session = await ort.InferenceSession.create(w.model, { externalData: [w.external], executionProviders: ['wasm'] });
  const feeds = { x: new ort.Tensor('float32', x.dataSync(), [B, T, IN]) };
  const ortOut = (await session.run(feeds)).y!.data as Float32Array;
  const ourOut = tf.tidy(() => torchLike.apply(x).output.dataSync()) as Float32Array;
  const maxDiff = ourOut.reduce((m, v, i) => Math.max(m, Math.abs(v - ortOut[i]!)), 0);
  if (!(maxDiff < 1e-3)) throw new Error(`bench: onnxruntime and @seq2seq/cells disagree on ${name} (max |diff| ${maxDiff})`);
  const ours2 = () => tf.tidy(() => void torchLike.apply(x).output.dataSync());
  const peer2 = async () => void (await session.run(feeds));
  const [c, d] = await compare(ours2, peer2, reps);
  print({ case: kind === 'gru' ? `${name}-resetAfter` : name, backend, ms: c.ms, peer: 'onnxruntime-web-wasm-1thread', peerMs: d.ms, ratio: d.ms / c.ms, gflops: flops / c.ms / 1e6, ceilingGflops: ceil, wallMs: c.wallMs, peerWallMs: d.wallMs, maxAbsDiff: maxDiff });
  if (backend === 'wasm') {
    // The native whole-sequence kernel against this package's per-step path (one tfjs matMul and
    // one fused gate kernel per step), which it replaces for inference.
    const perStep = () => {
      const prev = setNativeKernelMode('never');
      try {
        ours2();
      } finally {
        setNativeKernelMode(prev);
      }
    };
    const [e, f] = await compare(ours2, perStep, reps);
    print({ case: kind === 'gru' ? `${name}-resetAfter` : name, backend, ms: e.ms, peer: 'cells-per-step', peerMs: f.ms, ratio: f.ms / e.ms, wallMs: e.wallMs, peerWallMs: f.wallMs });
    await buildRow(kind === 'gru' ? `${name}-resetAfter` : name, ours2, flops, reps);
  }
  await session.release();
  torchLike.dispose();
  rnn.dispose();
  x.dispose();
}

/** PyTorch's training step on one CPU thread, if Debian's python3-torch is installed. */
function torchCases(): void {
  const python = '/usr/bin/python3';
  if (!existsSync(python)) return;
  for (const kind of ['gru', 'lstm'] as const) {
    const name = `${kind}-train-b64`;
    if (ONLY && ONLY !== name) continue;
    try {
      const out = execFileSync(python, [join(HERE, 'torch_train.py'), kind, String(IN), String(H), String(T), '64'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
        timeout: 300_000,
        // One thread for real: torch.set_num_threads(1) alone leaves OpenBLAS on every core.
        env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
      });
      const { ms, wallMs, threads } = JSON.parse(out.trim().split('\n').pop()!) as { ms: number; wallMs: number; threads: number };
      print({ case: name, backend: `pytorch-cpu-${threads}thread`, ms, wallMs, gflops: (3 * forwardFlops(kind, 64)) / ms / 1e6 });
    } catch {
      return; // torch missing: skip the line
    }
  }
}

ort.env.wasm.numThreads = 1;
ort.env.wasm.wasmPaths = `${dirname(createRequire(import.meta.url).resolve('onnxruntime-web'))}/`;
ort.env.logLevel = 'error';
for (const backend of BACKENDS) {
  if (!(await tf.setBackend(backend))) throw new Error(`bench: backend ${backend} did not start`);
  await tf.ready();
  for (const kind of ['gru', 'lstm'] as const) await trainCase(backend, kind);
  for (const kind of ['gru', 'lstm'] as const) for (const B of [1, 64]) await inferCase(backend, kind, B);
}
torchCases();
