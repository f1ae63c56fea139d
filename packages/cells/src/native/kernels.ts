/**
 * Whole-sequence recurrent kernels for the tfjs WASM backend, compiled from `native/recurrent.c`
 * to WebAssembly SIMD (`scripts/build-wasm.sh`).
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
 * a 14 KB module synchronously (compilation then starts in the background, see
 * {@link loadNativeKernels}), or {@link setNativeKernelMode}('never') — the functions return null
 * and the runner keeps its per-step path.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { RecurrentActivation } from '../types';
import { RECURRENT_WASM_BASE64 } from './recurrent-wasm';

/** When the runner uses the native whole-sequence kernels. */
export type NativeKernelMode = 'auto' | 'never';

let mode: NativeKernelMode = 'auto';

/**
 * `'auto'` (default): inference on the WASM backend runs each sequence in one native call;
 * `'never'`: the per-step path (fused JavaScript gate kernels or tfjs ops). For tests and benchmarks.
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
  linear(x: number, M: number, K: number, w: number, N: number, b: number, y: number): void;
  lstm_sequence(xP: number, T: number, B: number, H: number, u: number, h0: number, c0: number, mask: number, reverse: number, out: number, h: number, c: number, work: number): void;
}

/** The parts of tfjs-backend-wasm's `BackendWasm` used here. */
interface WasmBackendLike {
  wasm: { asm?: { memory?: WebAssembly.Memory }; _malloc(bytes: number): number; _free(ptr: number): void };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  getMemoryOffset(dataId: tf.DataId): number;
}

let compiled: WebAssembly.Module | null = null;
let compiling: Promise<WebAssembly.Module> | null = null;
const instances = new WeakMap<WebAssembly.Memory, Exports>();

function bytes(): Uint8Array<ArrayBuffer> {
  const bin = atob(RECURRENT_WASM_BASE64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
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
  compiling ??= WebAssembly.compile(bytes());
  try {
    compiled = await compiling;
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

const ACT: Record<RecurrentActivation, number> = { tanh: 0, relu: 1, sigmoid: 2, linear: 3 };
const GRU = 'Seq2SeqCellsGruSequence';
const LSTM = 'Seq2SeqCellsLstmSequence';
const LINEAR = 'Seq2SeqCellsLinear';
const PACK = 'Seq2SeqCellsPackPanels';
/** Columns per panel of the packed recurrent kernel (PANEL in recurrent.c). */
const PANEL = 32;
const packedSize = (K: number, N: number): number => Math.ceil(N / PANEL) * K * PANEL;

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
  tf.registerKernel({
    kernelName: LINEAR,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const b = backend as unknown as WasmBackendLike;
      const { x, w, b: bias } = inputs as Record<string, tf.TensorInfo | undefined>;
      const [M, K] = x!.shape as [number, number];
      const N = (attrs as unknown as { outSize: number }).outSize;
      const y = b.makeOutput([M, N], 'float32');
      const off = (t: tf.TensorInfo | undefined) => (t ? b.getMemoryOffset(t.dataId) : 0);
      exportsFor(b)!.linear(off(x), M, K, off(w), N, off(bias), off(y));
      return y;
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
export function nativeLinear(x: tf.Tensor2D, wPacked: tf.Tensor1D, outSize: number, b: tf.Tensor1D | null): tf.Tensor2D {
  register();
  const inputs: tf.NamedTensorMap = b ? { x, w: wPacked, b } : { x, w: wPacked };
  return tf.engine().runKernel(LINEAR, inputs, { outSize } as unknown as tf.NamedAttrMap) as tf.Tensor2D;
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
