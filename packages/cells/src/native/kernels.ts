/**
 * Whole-sequence recurrent kernels for the tfjs WASM backend, compiled from `native/recurrent.c`
 * to WebAssembly SIMD (`scripts/build-wasm.sh`): inference, and for training a forward pass that
 * saves the gate activations and a backward pass through time (wired as a gradient in
 * `training.ts`), plus the products and column sums the weight gradients use.
 *
 * Zero-copy: the module imports the backend's own `WebAssembly.Memory` (the Emscripten module's
 * `asm.memory`) and is called with the tensors' byte offsets in that heap, so one call reads the
 * projected inputs and the recurrent weights where tfjs keeps them and writes the outputs and
 * final states into tensors tfjs allocated — no copy in or out, and no JavaScript or tfjs kernel
 * per time step. Scratch space (`[batch, 4H]`) comes from the backend's `malloc` and is freed
 * before the kernel returns. The module has no data or stack of its own (the build checks).
 *
 * Where it does not apply — another backend, the multi-threaded WASM build (its memory is a
 * shared one, which this module does not declare), a browser main thread that refuses to compile
 * a 39 KB module synchronously (compilation then starts in the background, see
 * {@link loadNativeKernels}), or {@link setNativeKernelMode}('never') — the functions return null
 * and the runner keeps its per-step path.
 *
 * Two builds of the same source ship: WebAssembly SIMD, and SIMD plus relaxed SIMD, whose
 * `f32x4.relaxed_madd` fuses the products' multiply-adds (one instruction instead of two where
 * the CPU has FMA). The relaxed build runs where the engine accepts it (Chromium and Chrome 114+,
 * Node 22+, Node 20 with `--experimental-wasm-relaxed-simd`), the plain one elsewhere; see
 * {@link nativeKernelBuild} and {@link setNativeKernelBuild}.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputError } from '@seq2seq/core';
import type { RecurrentActivation } from '../types';
import { RECURRENT_RELAXED_WASM_BASE64, RECURRENT_WASM_BASE64 } from './recurrent-wasm';

/** When the runner uses the native whole-sequence kernels. */
export type NativeKernelMode = 'auto' | 'inference' | 'never';

let mode: NativeKernelMode = 'auto';

/**
 * `'auto'` (default): on the WASM backend, inference runs each sequence in one native call, and
 * training runs the forward pass (saving the gate activations) and the backward pass through
 * time in one native call each; `'inference'`: native inference, training on the per-step path;
 * `'never'`: the per-step path (fused JavaScript gate kernels or tfjs ops) for both. For tests and
 * benchmarks.
 * @returns the previous mode.
 */
export function setNativeKernelMode(next: NativeKernelMode): NativeKernelMode {
  const prev = mode;
  mode = next;
  return prev;
}

interface Exports {
  gru_sequence(xP: number, T: number, B: number, H: number, u: number, bRec: number, h0: number, mask: number, reverse: number, act: number, resetAfter: number, out: number, h: number, work: number): void;
  pack_panels(u: number, K: number, ldu: number, N: number, split: number, p: number): void;
  linear(x: number, M: number, K: number, w: number, skip: number, N: number, b: number, y: number): void;
  linear_log_softmax(x: number, M: number, K: number, w: number, skip: number, N: number, b: number, y: number): void;
  lstm_sequence(xP: number, T: number, B: number, H: number, u: number, h0: number, c0: number, mask: number, reverse: number, out: number, h: number, c: number, work: number): void;
  gru_train_forward(xP: number, T: number, B: number, H: number, u: number, bRec: number, h0: number, mask: number, reverse: number, act: number, resetAfter: number, out: number, h: number, hp: number, gates: number, aux: number, work: number): void;
  gru_train_backward(dy: number, T: number, B: number, H: number, uT: number, unT: number, hp: number, gates: number, aux: number, mask: number, reverse: number, act: number, resetAfter: number, dXP: number, dHU: number, dh: number, work: number): void;
  lstm_train_forward(xP: number, T: number, B: number, H: number, u: number, h0: number, c0: number, mask: number, reverse: number, out: number, h: number, c: number, hp: number, cp: number, gates: number, tc: number, work: number): void;
  col_sum(x: number, M: number, N: number, s: number): void;
  gather_rows(x: number, cols: number, idx: number, n: number, y: number): void;
  lstm_train_backward(dy: number, T: number, B: number, H: number, uT: number, cp: number, gates: number, tc: number, mask: number, reverse: number, dXP: number, dh: number, dc: number, work: number): void;
  spatial_lstm_forward(xP: number, height: number, width: number, B: number, H: number, u: number, out: number, c: number, hp: number, cp: number, gates: number, tc: number, work: number): void;
  spatial_lstm_step(xP: number, n: number, H: number, u: number, hUp: number, cUp: number, hLeft: number, cLeft: number, h: number, c: number, work: number): void;
  spatial_lstm_backward(dy: number, height: number, width: number, B: number, H: number, uT: number, hp: number, cp: number, gates: number, tc: number, dZ: number, dU: number, work: number): void;
}

/** The parts of tfjs-backend-wasm's `BackendWasm` used here. */
interface WasmBackendLike {
  wasm: { asm?: { memory?: WebAssembly.Memory }; _malloc(bytes: number): number; _free(ptr: number): void };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  getMemoryOffset(dataId: tf.DataId): number;
}

/** The builds of the native kernels: WebAssembly SIMD, or SIMD plus relaxed SIMD (fused multiply-adds). */
export type NativeKernelBuild = 'simd' | 'relaxed-simd';

/** Which build {@link setNativeKernelBuild} asks for: the best the engine accepts, or one. */
export type NativeKernelBuildChoice = 'auto' | NativeKernelBuild;

let buildChoice: NativeKernelBuildChoice = 'auto';
let compiledBuild: NativeKernelBuild | null = null;
let compiled: WebAssembly.Module | null = null;
let compiling: Promise<WebAssembly.Module> | null = null;
let instances = new WeakMap<WebAssembly.Memory, Exports>();
/** Each build once compiled, with its instances, so that switching back and forth costs nothing. */
const builds = new Map<NativeKernelBuild, { module: WebAssembly.Module; instances: WeakMap<WebAssembly.Memory, Exports> }>();

const decode = (base64: string): Uint8Array<ArrayBuffer> => {
  const bin = atob(base64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
};

let relaxedAccepted: boolean | undefined;
/** Whether this engine accepts the relaxed SIMD build (validated once). */
export function relaxedSimdSupported(): boolean {
  relaxedAccepted ??= typeof WebAssembly === 'object' && WebAssembly.validate(decode(RECURRENT_RELAXED_WASM_BASE64));
  return relaxedAccepted;
}

/** The build to compile now, by the choice and what the engine accepts. */
function chosenBuild(): NativeKernelBuild {
  if (buildChoice === 'simd') return 'simd';
  return relaxedSimdSupported() ? 'relaxed-simd' : 'simd';
}

function bytes(): Uint8Array<ArrayBuffer> {
  compiledBuild = chosenBuild();
  return decode(compiledBuild === 'relaxed-simd' ? RECURRENT_RELAXED_WASM_BASE64 : RECURRENT_WASM_BASE64);
}

/**
 * Chooses the build of the native kernels: `'auto'` (default) the relaxed SIMD build where the
 * engine accepts it, else the SIMD one; `'simd'` always the SIMD one; `'relaxed-simd'` the relaxed
 * one, or throws where the engine does not accept it. Takes effect at once (the next kernel call
 * runs the chosen build; each build is compiled once). For tests and benchmarks: both builds
 * compute the same products, the relaxed one with a rounding less per multiply-add where the CPU
 * fuses them.
 * @returns the previous choice.
 */
export function setNativeKernelBuild(next: NativeKernelBuildChoice): NativeKernelBuildChoice {
  if (next !== 'auto' && next !== 'simd' && next !== 'relaxed-simd') throw new InputError(`setNativeKernelBuild: expected 'auto', 'simd' or 'relaxed-simd', got ${String(next)}`);
  if (next === 'relaxed-simd' && !relaxedSimdSupported()) {
    throw new InputError('setNativeKernelBuild: this engine does not accept relaxed SIMD (Chromium and Chrome 114+, Node 22+, or Node 20 with --experimental-wasm-relaxed-simd do)');
  }
  const prev = buildChoice;
  buildChoice = next;
  const want = chosenBuild();
  if (compiledBuild !== want) {
    if (compiled && compiledBuild) builds.set(compiledBuild, { module: compiled, instances });
    const known = builds.get(want);
    compiled = known?.module ?? null;
    instances = known?.instances ?? new WeakMap();
    compiledBuild = known ? want : null;
    compiling = null;
  }
  return prev;
}

/** The build of the native kernels compiled so far (`null` before the first kernel call or {@link loadNativeKernels}). */
export function nativeKernelBuild(): NativeKernelBuild | null {
  return compiled ? compiledBuild : null;
}

/** The compiled module, compiling synchronously where allowed, else in the background (null until done). */
function module(): WebAssembly.Module | null {
  if (compiled) return compiled;
  if (compiling) return null;
  try {
    compiled = new WebAssembly.Module(bytes());
  } catch {
    void loadNativeKernels();
  }
  return compiled;
}

/**
 * Compiles the native kernels asynchronously. Only browsers need it, where a page's main thread
 * may not compile a module of this size synchronously: call it once after choosing the WASM
 * backend so that the first runs already use the native kernels. Resolves to whether the module
 * compiled (false where WebAssembly SIMD is missing).
 */
export async function loadNativeKernels(): Promise<boolean> {
  if (compiled) return true;
  const build = chosenBuild();
  compiling ??= WebAssembly.compile(bytes());
  try {
    const m = await compiling;
    // A build chosen while this one compiled wins (setNativeKernelBuild reset the state).
    if (chosenBuild() === build && !compiled) {
      compiled = m;
      compiledBuild = build;
    }
    return true;
  } catch {
    return false;
  }
}

/** The module instantiated on this backend's memory, or null where it cannot be. */
function exportsFor(backend: WasmBackendLike): Exports | null {
  const memory = backend.wasm?.asm?.memory;
  if (!memory || typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer) return null;
  const known = instances.get(memory);
  if (known) return known;
  const m = module();
  if (!m) return null;
  try {
    const inst = new WebAssembly.Instance(m, { env: { memory } });
    instances.set(memory, inst.exports as unknown as Exports);
    return inst.exports as unknown as Exports;
  } catch {
    return null;
  }
}

/** The active backend's native kernels when the runner should use them, else null. */
function active(): WasmBackendLike | null {
  if (mode === 'never' || tf.getBackend() !== 'wasm') return null;
  const backend = tf.backend() as unknown as WasmBackendLike;
  return exportsFor(backend) ? backend : null;
}

/** Whether {@link gruSequence} / {@link lstmSequence} will run natively now. */
export function nativeKernelsAvailable(): boolean {
  return active() != null;
}

/** Whether training (a run that records gradients) uses the native forward and backward kernels now. */
export function nativeTrainingAvailable(): boolean {
  return mode === 'auto' && active() != null;
}

const ACT: Record<RecurrentActivation, number> = { tanh: 0, relu: 1, sigmoid: 2, linear: 3 };
const GRU = 'Seq2SeqCellsGruSequence';
const LSTM = 'Seq2SeqCellsLstmSequence';
const LINEAR = 'Seq2SeqCellsLinear';
const LINEAR_LOG_SOFTMAX = 'Seq2SeqCellsLinearLogSoftmax';
const PACK = 'Seq2SeqCellsPackPanels';
const COL_SUM = 'Seq2SeqCellsColSum';
const GATHER_ROWS = 'Seq2SeqCellsGatherRows';
const GRU_TRAIN = 'Seq2SeqCellsGruTrainForward';
const GRU_BACK = 'Seq2SeqCellsGruTrainBackward';
const LSTM_TRAIN = 'Seq2SeqCellsLstmTrainForward';
const LSTM_BACK = 'Seq2SeqCellsLstmTrainBackward';
const SPATIAL_FWD = 'Seq2SeqCellsSpatialLstmForward';
const SPATIAL_BACK = 'Seq2SeqCellsSpatialLstmBackward';
const SPATIAL_STEP = 'Seq2SeqCellsSpatialLstmStep';
/** Columns per panel of the packed recurrent kernel (PANEL in recurrent.c). */
const PANEL = 32;
const packedSize = (K: number, N: number): number => Math.ceil(N / PANEL) * K * PANEL;

/** Shapes of a native spatial LSTM run. */
interface GridAttrs {
  height: number;
  width: number;
  batch: number;
  hidden: number;
}

interface SeqAttrs {
  time: number;
  batch: number;
  hidden: number;
  reverse: number;
  act: number;
  resetAfter: number;
}

let registered = false;

function register(): void {
  if (registered) return;
  registered = true;
  const call = (backend: WasmBackendLike, a: SeqAttrs, G: number, outputs: number, run: (x: Exports, off: (t: tf.TensorInfo | undefined) => number, outs: number[], work: number) => void) => {
    const ex = exportsFor(backend)!;
    const outs = [backend.makeOutput([a.time * a.batch, a.hidden], 'float32')];
    for (let i = 1; i < outputs; i++) outs.push(backend.makeOutput([a.batch, a.hidden], 'float32'));
    const work = backend.wasm._malloc((a.batch * G * a.hidden + 16) * 4); // + 16: aligned to 64 bytes inside
    const off = (t: tf.TensorInfo | undefined) => (t ? backend.getMemoryOffset(t.dataId) : 0);
    try {
      run(ex, off, outs.map((o) => off(o)), work);
    } finally {
      backend.wasm._free(work);
    }
    return outs;
  };
  tf.registerKernel({
    kernelName: GRU,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const a = attrs as unknown as SeqAttrs;
      const { xP, u, bRec, h0, mask } = inputs as Record<string, tf.TensorInfo | undefined>;
      return call(backend as unknown as WasmBackendLike, a, 4, 2, (ex, off, [out, h], work) =>
        ex.gru_sequence(off(xP), a.time, a.batch, a.hidden, off(u), off(bRec), off(h0), off(mask), a.reverse, a.act, a.resetAfter, out!, h!, work),
      );
    },
  });
  tf.registerKernel({
    kernelName: PACK,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const b = backend as unknown as WasmBackendLike;
      const u = inputs.u as tf.TensorInfo;
      const [K, N] = u.shape as [number, number];
      const split = (attrs as unknown as { split: number }).split;
      const first = split > 0 ? split : N;
      // A header float, then the panels from a 64-byte boundary (up to 16 floats on).
      const p = b.makeOutput([packedSize(K, first) + (first < N ? packedSize(K, N - first) : 0) + 16], 'float32');
      exportsFor(b)!.pack_panels(b.getMemoryOffset(u.dataId), K, N, N, first, b.getMemoryOffset(p.dataId));
      return p;
    },
  });
  for (const [kernelName, fn] of [
    [LINEAR, 'linear'],
    [LINEAR_LOG_SOFTMAX, 'linear_log_softmax'],
  ] as const) {
    tf.registerKernel({
      kernelName,
      backendName: 'wasm',
      kernelFunc: ({ inputs, backend, attrs }) => {
        const b = backend as unknown as WasmBackendLike;
        const { x, w, b: bias } = inputs as Record<string, tf.TensorInfo | undefined>;
        const [M, K] = x!.shape as [number, number];
        const { outSize: N, skip } = attrs as unknown as { outSize: number; skip: number };
        const y = b.makeOutput([M, N], 'float32');
        const off = (t: tf.TensorInfo | undefined) => (t ? b.getMemoryOffset(t.dataId) : 0);
        exportsFor(b)![fn](off(x), M, K, off(w), skip, N, off(bias), off(y));
        return y;
      },
    });
  }
  /** Runs `fn` with the byte offsets of `outShapes` (allocated first) and `work` floats of scratch. */
  const withOutputs = (b: WasmBackendLike, outShapes: number[][], workFloats: number, fn: (outs: number[], work: number) => void): tf.TensorInfo[] => {
    const outs = outShapes.map((s) => b.makeOutput(s, 'float32'));
    const work = b.wasm._malloc((workFloats + 16) * 4); // + 16: aligned to 64 bytes inside
    try {
      fn(outs.map((o) => b.getMemoryOffset(o.dataId)), work);
    } finally {
      b.wasm._free(work);
    }
    return outs;
  };
  const offsetsOf = (b: WasmBackendLike) => (t: tf.TensorInfo | undefined) => (t ? b.getMemoryOffset(t.dataId) : 0);
  tf.registerKernel({
    kernelName: COL_SUM,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) => {
      const b = backend as unknown as WasmBackendLike;
      const x = inputs.x as tf.TensorInfo;
      const [M, N] = x.shape as [number, number];
      const s = b.makeOutput([N], 'float32');
      exportsFor(b)!.col_sum(b.getMemoryOffset(x.dataId), M, N, b.getMemoryOffset(s.dataId));
      return s;
    },
  });
  tf.registerKernel({
    kernelName: GATHER_ROWS,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) => {
      const b = backend as unknown as WasmBackendLike;
      const { x, indices } = inputs as Record<string, tf.TensorInfo>;
      const n = indices!.shape[0]!;
      const cols = x!.shape.slice(1).reduce((p, d) => p * d, 1);
      const y = b.makeOutput([n, ...x!.shape.slice(1)], x!.dtype);
      if (n > 0 && cols > 0) exportsFor(b)!.gather_rows(b.getMemoryOffset(x!.dataId), cols, b.getMemoryOffset(indices!.dataId), n, b.getMemoryOffset(y.dataId));
      return y;
    },
  });
  tf.registerKernel({
    kernelName: GRU_TRAIN,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const b = backend as unknown as WasmBackendLike;
      const { time: T, batch: B, hidden: H, reverse, act, resetAfter } = attrs as unknown as SeqAttrs;
      const { xP, u, bRec, h0, mask } = inputs as Record<string, tf.TensorInfo | undefined>;
      const off = offsetsOf(b);
      // [outputs; h_T] [(T + 1) B, H], hp [T B, H], gates [T B, 3H], aux [T B, H]
      return withOutputs(b, [[(T + 1) * B, H], [T * B, H], [T * B, 3 * H], [T * B, H]], B * 3 * H, ([y, hp, gates, aux], work) =>
        exportsFor(b)!.gru_train_forward(off(xP), T, B, H, off(u), off(bRec), off(h0), off(mask), reverse, act, resetAfter, y!, y! + T * B * H * 4, hp!, gates!, aux!, work),
      );
    },
  });
  tf.registerKernel({
    kernelName: GRU_BACK,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const b = backend as unknown as WasmBackendLike;
      const { time: T, batch: B, hidden: H, reverse, act, resetAfter } = attrs as unknown as SeqAttrs;
      const { dy, uT, unT, hp, gates, aux, mask } = inputs as Record<string, tf.TensorInfo | undefined>;
      const off = offsetsOf(b);
      // dXP [T B, 3H], dh0 [B, H], and with resetAfter dHU [T B, 3H]
      const shapes = [[T * B, 3 * H], [B, H]];
      if (resetAfter) shapes.push([T * B, 3 * H]);
      return withOutputs(b, shapes, 2 * B * H, ([dXP, dh, dHU], work) =>
        exportsFor(b)!.gru_train_backward(off(dy), T, B, H, off(uT), off(unT), off(hp), off(gates), off(aux), off(mask), reverse, act, resetAfter, dXP!, dHU ?? 0, dh!, work),
      );
    },
  });
  tf.registerKernel({
    kernelName: LSTM_TRAIN,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const b = backend as unknown as WasmBackendLike;
      const { time: T, batch: B, hidden: H, reverse } = attrs as unknown as SeqAttrs;
      const { xP, u, h0, c0, mask } = inputs as Record<string, tf.TensorInfo | undefined>;
      const off = offsetsOf(b);
      // [outputs; h_T; c_T] [(T + 2) B, H], hp, cp [T B, H], gates [T B, 4H], tanh(c') [T B, H]
      return withOutputs(b, [[(T + 2) * B, H], [T * B, H], [T * B, H], [T * B, 4 * H], [T * B, H]], B * 4 * H, ([y, hp, cp, gates, tc], work) =>
        exportsFor(b)!.lstm_train_forward(off(xP), T, B, H, off(u), off(h0), off(c0), off(mask), reverse, y!, y! + T * B * H * 4, y! + (T + 1) * B * H * 4, hp!, cp!, gates!, tc!, work),
      );
    },
  });
  tf.registerKernel({
    kernelName: LSTM_BACK,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const b = backend as unknown as WasmBackendLike;
      const { time: T, batch: B, hidden: H, reverse } = attrs as unknown as SeqAttrs;
      const { dy, uT, cp, gates, tc, mask } = inputs as Record<string, tf.TensorInfo | undefined>;
      const off = offsetsOf(b);
      // dXP [T B, 4H], [dh0; dc0] [2B, H]
      return withOutputs(b, [[T * B, 4 * H], [2 * B, H]], B * H, ([dXP, dS], work) =>
        exportsFor(b)!.lstm_train_backward(off(dy), T, B, H, off(uT), off(cp), off(gates), off(tc), off(mask), reverse, dXP!, dS!, dS! + B * H * 4, work),
      );
    },
  });
  tf.registerKernel({
    kernelName: SPATIAL_FWD,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const b = backend as unknown as WasmBackendLike;
      const { height, width, batch: B, hidden: H, save } = attrs as unknown as GridAttrs & { save: number };
      const { xP, u } = inputs as Record<string, tf.TensorInfo>;
      const R = height * width * B;
      const n = Math.min(height, width) * B;
      const off = offsetsOf(b);
      // h [R, H], c [R, H], and to save: hp [R, 2H], cp [R, 2H], gates [R, 5H], tanh(c) [R, H];
      // scratch: one diagonal's product [n, 5H] and (inference) its neighbour states [n, 2H] twice
      const shapes = save ? [[R, H], [R, H], [R, 2 * H], [R, 2 * H], [R, 5 * H], [R, H]] : [[R, H], [R, H]];
      return withOutputs(b, shapes, n * 9 * H + 32, ([h, c, hp, cp, gates, tc], work) =>
        exportsFor(b)!.spatial_lstm_forward(off(xP), height, width, B, H, off(u), h!, c!, hp ?? 0, cp ?? 0, gates ?? 0, tc ?? 0, work),
      );
    },
  });
  tf.registerKernel({
    kernelName: SPATIAL_STEP,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) => {
      const b = backend as unknown as WasmBackendLike;
      const { xP, u, hUp, cUp, hLeft, cLeft } = inputs as Record<string, tf.TensorInfo | undefined>;
      const [n, G] = xP!.shape as [number, number];
      const H = G / 5;
      const off = offsetsOf(b);
      // h, c [n, H]; scratch: [h_up, h_left], [c_up, c_left] [n, 2H] and the product [n, 5H]
      return withOutputs(b, [[n, H], [n, H]], n * 9 * H + 48, ([h, c], work) =>
        exportsFor(b)!.spatial_lstm_step(off(xP), n, H, off(u), off(hUp), off(cUp), off(hLeft), off(cLeft), h!, c!, work),
      );
    },
  });
  tf.registerKernel({
    kernelName: SPATIAL_BACK,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const b = backend as unknown as WasmBackendLike;
      const { height, width, batch: B, hidden: H } = attrs as unknown as GridAttrs;
      const { dy, uT, hp, cp, gates, tc } = inputs as Record<string, tf.TensorInfo>;
      const R = height * width * B;
      const off = offsetsOf(b);
      // dZ [R, 5H], dU [2H, 5H]; scratch: the gradients of every row's h and c, one diagonal's
      // [dh_up, dh_left] [n, 2H], and for dU its hp^T [2H, n], dZ's panels and a [2H, 5H] product
      const n = Math.min(height, width) * B;
      const work = 2 * R * H + n * 2 * H + 2 * H * n + packedSize(n, 5 * H) + 10 * H * H + 32;
      return withOutputs(b, [[R, 5 * H], [2 * H, 5 * H]], work, ([dZ, dU], work) =>
        exportsFor(b)!.spatial_lstm_backward(off(dy), height, width, B, H, off(uT), off(hp), off(cp), off(gates), off(tc), dZ!, dU!, work),
      );
    },
  });
  tf.registerKernel({
    kernelName: LSTM,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const a = attrs as unknown as SeqAttrs;
      const { xP, u, h0, c0, mask } = inputs as Record<string, tf.TensorInfo | undefined>;
      return call(backend as unknown as WasmBackendLike, a, 4, 3, (ex, off, [out, h, c], work) =>
        ex.lstm_sequence(off(xP), a.time, a.batch, a.hidden, off(u), off(h0), off(c0), off(mask), a.reverse, out!, h!, c!, work),
      );
    },
  });
}

/**
 * `x W + b` in one native call (inference), `[n, in] x [in, out] + [out] -> [n, out]`, with `W`
 * packed by {@link packPanels}: the input projection of all steps. It saves tfjs's fused-matMul
 * op and its reshapes, and is faster than XNNPACK's GEMM from 1 to 1280 rows (measured at in 64,
 * out 768: 1280 rows in 3.9 ms against 5.1 ms). Call only where {@link nativeKernelsAvailable}.
 */
export function nativeLinear(x: tf.Tensor2D, wPacked: tf.Tensor1D, outSize: number, b: tf.Tensor1D | null, skip = 0): tf.Tensor2D {
  register();
  const inputs: tf.NamedTensorMap = b ? { x, w: wPacked, b } : { x, w: wPacked };
  return tf.engine().runKernel(LINEAR, inputs, { outSize, skip } as unknown as tf.NamedAttrMap) as tf.Tensor2D;
}

/**
 * `logSoftmax(x W + b)` over each row in one native call (inference), `[n, in] x [in, out] + [out]
 * -> [n, out]`, with `W` packed by {@link packPanels}: the output layer of a decoder step. On the
 * shipped English-French model (in 256, out 8,139) it replaces tfjs's matMul and its five-kernel
 * logSoftmax with a scalar `exp`. A row's result does not depend on the other rows. Call only
 * where {@link nativeKernelsAvailable}.
 */
export function nativeLinearLogSoftmax(x: tf.Tensor2D, wPacked: tf.Tensor1D, outSize: number, b: tf.Tensor1D | null): tf.Tensor2D {
  register();
  const inputs: tf.NamedTensorMap = b ? { x, w: wPacked, b } : { x, w: wPacked };
  return tf.engine().runKernel(LINEAR_LOG_SOFTMAX, inputs, { outSize, skip: 0 } as unknown as tf.NamedAttrMap) as tf.Tensor2D;
}

/**
 * Rows `indices` of `x` along axis 0 (`[rows, ...rest]` -> `[n, ...rest]`, float32 or int32) in
 * one native copy, without a gradient; `indices` int32 `[n]`, each in range (the caller checks).
 * Call only where {@link nativeKernelsAvailable}.
 */
export function nativeGatherRows<T extends tf.Tensor>(x: T, indices: tf.Tensor1D): T {
  register();
  return tf.engine().runKernel(GATHER_ROWS, { x, indices }) as T;
}

/** Floats of the panels of a `[K, N]` block packed by {@link packPanels}: where the second block of a split packing starts (`skip` of {@link nativeLinear}). */
export const packedPanelsSize = (K: number, N: number): number => packedSize(K, N);

/**
 * Column sums `[M, N] -> [N]` in one native call (bias gradients; tfjs's `Sum` over axis 0 on
 * WASM takes 4.5 ms for `[1280, 768]`, this 0.4 ms). Call only where {@link nativeKernelsAvailable}.
 */
export function nativeColSum(x: tf.Tensor2D): tf.Tensor1D {
  register();
  return tf.engine().runKernel(COL_SUM, { x }) as tf.Tensor1D;
}

/**
 * A weight `u [K, N]` packed for the native kernels (panels of 32 columns, one contiguous stream
 * per panel): cache it while `u` does not change. With `split`, the column blocks `[0, split)`
 * and `[split, N)` are packed one after the other (the reset-before GRU's `U_rz` and `U_n`).
 * Call only where {@link nativeKernelsAvailable}.
 */
export function packPanels(u: tf.Tensor2D, split = 0): tf.Tensor1D {
  register();
  return tf.engine().runKernel(PACK, { u }, { split } as unknown as tf.NamedAttrMap) as tf.Tensor1D;
}

/** Shared arguments of one native sequence run. */
export interface NativeSequenceArgs {
  /** Projected inputs `[time*batch, G*H]`, time-major. */
  xP: tf.Tensor2D;
  /** Recurrent kernel `[H, G*H]` packed by {@link packPanels}. */
  u: tf.Tensor1D;
  /** Time-major mask `[time*batch, 1]` (float32 0/1), or null. */
  mask: tf.Tensor2D | null;
  time: number;
  batch: number;
  hidden: number;
  reverse: boolean;
}

function runSeq(name: string, inputs: Record<string, tf.Tensor | null | undefined>, a: NativeSequenceArgs, act = 0, resetAfter = 0): tf.Tensor2D[] {
  register();
  const named = Object.fromEntries(Object.entries(inputs).filter(([, t]) => t != null)) as tf.NamedTensorMap;
  const attrs: SeqAttrs = { time: a.time, batch: a.batch, hidden: a.hidden, reverse: a.reverse ? 1 : 0, act, resetAfter };
  return tf.engine().runKernel(name, named, attrs as unknown as tf.NamedAttrMap) as unknown as tf.Tensor2D[];
}

/**
 * GRU over a whole sequence in one native call (inference): `[outputs [time*batch, H], h_T]`.
 * Call only where {@link nativeKernelsAvailable}.
 * `bRec [3H]` is the reset-after recurrent bias (null for the lecture's reset-before GRU).
 */
export function gruSequence(a: NativeSequenceArgs, h0: tf.Tensor2D, bRec: tf.Tensor | null, resetAfter: boolean, activation: RecurrentActivation): tf.Tensor2D[] {
  return runSeq(GRU, { xP: a.xP, u: a.u, bRec, h0, mask: a.mask }, a, ACT[activation], resetAfter ? 1 : 0);
}

/** LSTM over a whole sequence in one native call (inference): `[outputs [time*batch, H], h_T, c_T]`. Call only where {@link nativeKernelsAvailable}. */
export function lstmSequence(a: NativeSequenceArgs, h0: tf.Tensor2D, c0: tf.Tensor2D): tf.Tensor2D[] {
  return runSeq(LSTM, { xP: a.xP, u: a.u, h0, c0, mask: a.mask }, a);
}

// ---------------------------------------------------------------------------------------------
// Training: forward with saved activations, backward through time (BPTT) in one call each.

/**
 * GRU forward for training, one native call: `[y, hp, gates, aux]` with `y [(time + 1) batch, H]`
 * the outputs then `h_T` (the runner's packed layout), `hp [time*batch, H]` the state each step
 * started from, `gates [time*batch, 3H]` (r, z, n) and `aux [time*batch, H]` (`U_n h + b_hn`
 * reset after, `r h` reset before). Call only where {@link nativeTrainingAvailable}.
 */
export function gruTrainForward(a: NativeSequenceArgs, h0: tf.Tensor2D, bRec: tf.Tensor | null, resetAfter: boolean, activation: RecurrentActivation): tf.Tensor2D[] {
  return runSeq(GRU_TRAIN, { xP: a.xP, u: a.u, bRec, h0, mask: a.mask }, a, ACT[activation], resetAfter ? 1 : 0);
}

/** Shapes and flags of a native backward pass. */
export type NativeBackwardArgs = Omit<NativeSequenceArgs, 'xP' | 'u'>;

/**
 * GRU backward through time, one native call: `[dXP [time*batch, 3H], dh0 [batch, H], dHU?]`
 * (`dHU [time*batch, 3H]`, the gradient of `h U + b_hh`, reset after only). `uT` is
 * {@link packPanels} of `U^T [3H, H]` (reset after) or of `U_rz^T [2H, H]`, with `unT` that of
 * `U_n^T [H, H]` (reset before). `dy [(time + 1) batch, H]` is the gradient of `y`.
 */
export function gruTrainBackward(
  a: NativeBackwardArgs,
  dy: tf.Tensor2D,
  uT: tf.Tensor1D,
  unT: tf.Tensor1D | null,
  saved: { hp: tf.Tensor2D; gates: tf.Tensor2D; aux: tf.Tensor2D },
  resetAfter: boolean,
  activation: RecurrentActivation,
): tf.Tensor2D[] {
  register();
  const named = Object.fromEntries(Object.entries({ dy, uT, unT, ...saved, mask: a.mask }).filter(([, t]) => t != null)) as tf.NamedTensorMap;
  const attrs: SeqAttrs = { time: a.time, batch: a.batch, hidden: a.hidden, reverse: a.reverse ? 1 : 0, act: ACT[activation], resetAfter: resetAfter ? 1 : 0 };
  return tf.engine().runKernel(GRU_BACK, named, attrs as unknown as tf.NamedAttrMap) as unknown as tf.Tensor2D[];
}

/**
 * LSTM forward for training, one native call: `[y, hp, cp, gates, tc]` with `y [(time + 2) batch, H]`
 * the outputs then `h_T`, `c_T`; `hp`, `cp [time*batch, H]` the states each step started from,
 * `gates [time*batch, 4H]` (i, f, g, o), `tc = tanh(c')`. Call only where {@link nativeTrainingAvailable}.
 */
export function lstmTrainForward(a: NativeSequenceArgs, h0: tf.Tensor2D, c0: tf.Tensor2D): tf.Tensor2D[] {
  return runSeq(LSTM_TRAIN, { xP: a.xP, u: a.u, h0, c0, mask: a.mask }, a);
}

/**
 * LSTM backward through time, one native call: `[dXP [time*batch, 4H], [dh0; dc0] [2 batch, H]]`.
 * `uT` is {@link packPanels} of `U^T [4H, H]`; `dy [(time + 2) batch, H]` the gradient of `y`.
 */
export function lstmTrainBackward(a: NativeBackwardArgs, dy: tf.Tensor2D, uT: tf.Tensor1D, saved: { cp: tf.Tensor2D; gates: tf.Tensor2D; tc: tf.Tensor2D }): tf.Tensor2D[] {
  register();
  const named = Object.fromEntries(Object.entries({ dy, uT, ...saved, mask: a.mask }).filter(([, t]) => t != null)) as tf.NamedTensorMap;
  const attrs: SeqAttrs = { time: a.time, batch: a.batch, hidden: a.hidden, reverse: a.reverse ? 1 : 0, act: 0, resetAfter: 0 };
  return tf.engine().runKernel(LSTM_BACK, named, attrs as unknown as tf.NamedAttrMap) as unknown as tf.Tensor2D[];
}

// ---------------------------------------------------------------------------------------------
// Spatial (two-dimensional) LSTM: one layer over the whole grid in one call each way.

/** The shape of a grid run in diagonal-major order (see `spatial/diagonals.ts`). */
export interface NativeGridArgs {
  height: number;
  width: number;
  batch: number;
  hidden: number;
}

/**
 * One spatial LSTM layer over a whole grid, one native call: `[h, c, hp, cp, gates, tc]`, each
 * `[height*width*batch, .]` in diagonal-major order: `h`, `c` `[., H]` the states of every
 * position; `hp`, `cp` `[., 2H]` the up and left neighbours' `[h_up, h_left]` and
 * `[c_up, c_left]`; `gates` `[., 5H]` (i, o, f_up, f_left, g) and `tc = tanh(c)` `[., H]`.
 * With `save` false (inference) only `[h, c]`: a sixth of the memory.
 * `xP [height*width*batch, 5H]` is `x W + b`; `u` is {@link packPanels} of `U [2H, 5H]`.
 * Call only where {@link nativeKernelsAvailable}.
 */
export function spatialLstmForward(xP: tf.Tensor2D, u: tf.Tensor1D, a: NativeGridArgs, save = true): tf.Tensor2D[] {
  register();
  return tf.engine().runKernel(SPATIAL_FWD, { xP, u }, { ...a, save: save ? 1 : 0 } as unknown as tf.NamedAttrMap) as unknown as tf.Tensor2D[];
}

/**
 * The backward pass of {@link spatialLstmForward}, one native call: `[dZ, dU]` with
 * `dZ [height*width*batch, 5H]` the gradient of `xP` (and of `hp U`) and `dU = hp^T dZ`
 * `[2H, 5H]` the recurrent kernel's. `dy` is the gradient of `h`; `uT` is {@link packPanels} of
 * `U^T [5H, 2H]`.
 */
export function spatialLstmBackward(dy: tf.Tensor2D, uT: tf.Tensor1D, saved: { hp: tf.Tensor2D; cp: tf.Tensor2D; gates: tf.Tensor2D; tc: tf.Tensor2D }, a: NativeGridArgs): tf.Tensor2D[] {
  register();
  return tf.engine().runKernel(SPATIAL_BACK, { dy, uT, ...saved }, { ...a } as unknown as tf.NamedAttrMap) as unknown as tf.Tensor2D[];
}

/**
 * One spatial LSTM layer at `n` positions, one native call (generation in raster order, no
 * gradient): `[h, c]` `[n, H]` from `xP = x W + b` `[n, 5H]`, `u` ({@link packPanels} of
 * `U [2H, 5H]`) and the up and left neighbours' states (`null`: outside the grid, zeros).
 * Call only where {@link nativeKernelsAvailable}.
 */
export function spatialLstmStep(xP: tf.Tensor2D, u: tf.Tensor1D, up: { h: tf.Tensor2D; c: tf.Tensor2D } | null, left: { h: tf.Tensor2D; c: tf.Tensor2D } | null): tf.Tensor2D[] {
  register();
  const inputs: tf.NamedTensorMap = { xP, u };
  if (up) Object.assign(inputs, { hUp: up.h, cUp: up.c });
  if (left) Object.assign(inputs, { hLeft: left.h, cLeft: left.c });
  return tf.engine().runKernel(SPATIAL_STEP, inputs) as unknown as tf.Tensor2D[];
}
