/**
 * Low-level operations the recurrent kernels are built from, chosen for what is cheap on each
 * tfjs backend rather than for generality.
 *
 * - {@link takeRows} / {@link takeCols}: contiguous row or column blocks of a 2-D tensor. On the
 *   WASM backend `tf.slice` first copies the WHOLE input out of the heap (`readSync`), so taking
 *   the slab of step t from a `[time*batch, G*H]` tensor costs O(time) per step and O(time^2) per
 *   sequence; `tf.unstack`, `tf.split` and `tf.gather` have the same or worse cost there. The CPU
 *   backend copies column blocks element by element through `TensorBuffer.get`. Two small kernels,
 *   registered lazily for `wasm` and `cpu`, copy only the block (one `TypedArray.set` per row);
 *   other backends use `tf.slice`.
 * - {@link linear}: `x W + b` whose gradient multiplies by explicitly transposed operands.
 *   tfjs's own matMul gradient uses the `transposeA`/`transposeB` flags, which the WASM backend
 *   runs 10-25x slower than a plain matMul.
 * - {@link tanhOp}: `tanh(x) = 2 sigmoid(2x) - 1` on WASM, whose `Tanh` is a scalar libm loop
 *   (about 10x slower than its vectorised `Sigmoid`).
 */
import * as tf from '@tensorflow/tfjs-core';
import { nativeColSum, nativeGatherRows, nativeKernelsAvailable, nativeLinear, nativeLinearLogSoftmax, packPanels } from './native/kernels';
import { InputError } from '@seq2seq/core';

const TAKE_ROWS = 'Seq2SeqCellsTakeRows';
const TAKE_COLS = 'Seq2SeqCellsTakeCols';

interface BlockAttrs {
  /** First row (column) of the block. */
  start: number;
  /** Number of rows (columns). */
  count: number;
  /** Size of the sliced axis of the input, for the gradient. */
  total: number;
}

/** The subset of the WASM backend's interface the block kernels use. */
interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): tf.backend_util.TypedArray;
}

/** The subset of the CPU backend's interface the block kernels use. */
interface CpuBackendLike {
  data: { get(dataId: tf.DataId): { values: tf.backend_util.BackendValues } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: tf.backend_util.BackendValues): tf.TensorInfo;
}

/** Allocates a typed array like `like` of `size` elements. */
function allocLike(like: tf.backend_util.TypedArray, size: number): tf.backend_util.TypedArray {
  const Ctor = like.constructor as new (n: number) => tf.backend_util.TypedArray;
  return new Ctor(size);
}

/** Copies the block `[rows, cols]` of the row-major `[n, width]` `src` into `dst`. */
function copyCols(
  src: tf.backend_util.TypedArray,
  dst: tf.backend_util.TypedArray,
  rows: number,
  width: number,
  start: number,
  count: number,
): void {
  if (count === width) {
    dst.set(src.subarray(0, rows * width));
    return;
  }
  for (let i = 0, s = start, d = 0; i < rows; i++, s += width, d += count) {
    dst.set(src.subarray(s, s + count), d);
  }
}

const rowSize = (shape: readonly number[]): number => shape.slice(1).reduce((a, b) => a * b, 1);

function blockShape(x: tf.TensorInfo, attrs: BlockAttrs, axis: 0 | 1): number[] {
  const shape = x.shape.slice();
  shape[axis] = attrs.count;
  return shape;
}

let registered = false;

/** Registers the block kernels and their gradients once (no import-time side effects). */
function ensureKernels(): void {
  if (registered) return;
  registered = true;
  tf.registerKernel({
    kernelName: TAKE_ROWS,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const x = inputs.x as tf.TensorInfo;
      const { start, count } = attrs as unknown as BlockAttrs;
      const b = backend as unknown as WasmBackendLike;
      const out = b.makeOutput(blockShape(x, attrs as unknown as BlockAttrs, 0), x.dtype);
      // Views are taken after makeOutput: an allocation may grow (and detach) the heap.
      const src = b.typedArrayFromHeap(x);
      const row = rowSize(x.shape);
      b.typedArrayFromHeap(out).set(src.subarray(start * row, (start + count) * row));
      return out;
    },
  });
  tf.registerKernel({
    kernelName: TAKE_COLS,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const x = inputs.x as tf.TensorInfo;
      const { start, count } = attrs as unknown as BlockAttrs;
      const b = backend as unknown as WasmBackendLike;
      const out = b.makeOutput(blockShape(x, attrs as unknown as BlockAttrs, 1), x.dtype);
      copyCols(b.typedArrayFromHeap(x), b.typedArrayFromHeap(out), x.shape[0]!, x.shape[1]!, start, count);
      return out;
    },
  });
  tf.registerKernel({
    kernelName: TAKE_ROWS,
    backendName: 'cpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const x = inputs.x as tf.TensorInfo;
      const { start, count } = attrs as unknown as BlockAttrs;
      const b = backend as unknown as CpuBackendLike;
      const src = b.data.get(x.dataId).values as tf.backend_util.TypedArray;
      const row = rowSize(x.shape);
      // A view, as the CPU backend's own contiguous slice does: CPU kernels never write in place.
      return b.makeTensorInfo(blockShape(x, attrs as unknown as BlockAttrs, 0), x.dtype, src.subarray(start * row, (start + count) * row));
    },
  });
  tf.registerKernel({
    kernelName: TAKE_COLS,
    backendName: 'cpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const x = inputs.x as tf.TensorInfo;
      const { start, count } = attrs as unknown as BlockAttrs;
      const b = backend as unknown as CpuBackendLike;
      const src = b.data.get(x.dataId).values as tf.backend_util.TypedArray;
      const rows = x.shape[0]!;
      const dst = allocLike(src, rows * count);
      copyCols(src, dst, rows, x.shape[1]!, start, count);
      return b.makeTensorInfo(blockShape(x, attrs as unknown as BlockAttrs, 1), x.dtype, dst);
    },
  });
  const padGrad = (axis: 0 | 1) => (dy: tf.Tensor | tf.Tensor[], _saved: tf.Tensor[], attrs: tf.NamedAttrMap) => {
    const { start, count, total } = attrs as unknown as BlockAttrs;
    const g = dy as tf.Tensor;
    const pads: Array<[number, number]> = g.shape.map(() => [0, 0]);
    pads[axis] = [start, total - start - count];
    return { x: () => tf.pad(g, pads) };
  };
  tf.registerGradient({ kernelName: TAKE_ROWS, gradFunc: padGrad(0) });
  tf.registerGradient({ kernelName: TAKE_COLS, gradFunc: padGrad(1) });
}

const hasBlockKernels = (): boolean => {
  const name = tf.getBackend();
  return name === 'wasm' || name === 'cpu';
};

/**
 * Rows `[start, start + count)` of `x` along axis 0 (any rank), differentiable.
 * `[n, ...rest]` -> `[count, ...rest]`.
 */
export function takeRows<T extends tf.Tensor>(x: T, start: number, count: number): T {
  if (start === 0 && count === x.shape[0]) return x.clone();
  if (!hasBlockKernels()) {
    const begin = x.shape.map(() => 0);
    begin[0] = start;
    const size = x.shape.slice();
    size[0] = count;
    return tf.slice(x, begin, size);
  }
  ensureKernels();
  const attrs: BlockAttrs = { start, count, total: x.shape[0]! };
  return tf.engine().runKernel(TAKE_ROWS, { x }, attrs as unknown as tf.NamedAttrMap) as T;
}

/** Columns `[start, start + count)` of the 2-D `x`, differentiable. `[n, m]` -> `[n, count]`. */
export function takeCols(x: tf.Tensor, start: number, count: number): tf.Tensor2D {
  if (start === 0 && count === x.shape[1]) return x.clone() as tf.Tensor2D;
  if (!hasBlockKernels()) return tf.slice(x, [0, start], [x.shape[0]!, count]) as tf.Tensor2D;
  ensureKernels();
  const attrs: BlockAttrs = { start, count, total: x.shape[1]! };
  return tf.engine().runKernel(TAKE_COLS, { x }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor2D;
}

/**
 * Swaps the first two axes of a rank-3 tensor (`[batch, time, f]` <-> `[time, batch, f]`),
 * differentiable. When either axis has size 1 the data order does not change, so it is a reshape
 * (free) rather than a transpose kernel (~20-40 us on WASM at batch 1).
 */
export function swapBatchTime(x: tf.Tensor3D): tf.Tensor3D {
  const [a, b, f] = x.shape;
  if (a === 1 || b === 1) return tf.reshape(x, [b, a, f]);
  return tf.transpose(x, [1, 0, 2]);
}

/** Elementwise tanh, computed as `2 sigmoid(2x) - 1` where the backend's Tanh is slow (WASM). */
export type TanhOp = (x: tf.Tensor) => tf.Tensor2D;

/** The fastest tanh for the active backend. `two` and `one` are scalars kept by the caller. */
export function tanhOp(one: tf.Scalar, two: tf.Scalar): TanhOp {
  if (tf.getBackend() !== 'wasm') return (x) => tf.tanh(x) as tf.Tensor2D;
  return (x) => tf.sub(tf.mul(tf.sigmoid(tf.mul(x, two)), two), one) as tf.Tensor2D;
}

/** Whether tfjs is recording operations for a gradient right now. */
export function recordingGradients(): boolean {
  const state = tf.engine().state as unknown as { gradientDepth: number; kernelDepth: number };
  return state.gradientDepth > 0 && state.kernelDepth === 0;
}

/** `x @ w + b`: one fused kernel. `[n, k] x [k, m] + [m] -> [n, m]`. */
export function matMulBias(x: tf.Tensor2D, w: tf.Tensor2D, b?: tf.Tensor1D | null): tf.Tensor2D {
  // The bias must be constant across calls (a weight): XNNPACK packs it with `w`, and tfjs
  // caches the packed operator per (w, bias) buffer.
  return (b ? tf.fused.matMul({ a: x, b: w, bias: b }) : tf.matMul(x, w)) as tf.Tensor2D;
}

/**
 * `y = x W + b` for `x: [n, in]`, `W: [in, out]`, `b: [out]` (or null), with a gradient that uses
 * explicit transposes: `dx = dy W^T`, `dW = x^T dy`, `db = sum_n dy`. Without a gradient on WASM,
 * one native call with `W` packed once into `cache` (see `native/kernels.ts`).
 */
export function linear(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D | null, cache?: DerivedWeights): tf.Tensor2D {
  if (!recordingGradients()) {
    if (cache && x.shape[0] > 0 && nativeKernelsAvailable()) {
      return nativeLinear(x, cache.get('kernelPacked', w, (s) => packPanels(s as tf.Tensor2D)), w.shape[1], b); // [n, out]
    }
    return matMulBias(x, w, b);
  }
  const inputs: tf.Tensor[] = b ? [x, w, b] : [x, w];
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const [xi, wi, bi] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D | undefined];
    save([xi, wi]);
    const bias = bi && bi instanceof tf.Tensor ? bi : null;
    const native = xi.shape[0] > 0 && nativeKernelsAvailable();
    return {
      // Natively where available: 34 GFLOP/s against XNNPACK's 24 at 1280 rows, in 64, out 768 (the
      // packed copy of W is cached while W does not change).
      value: native ? nativeLinear(xi, cache ? cache.get('kernelPacked', wi, (s) => packPanels(s as tf.Tensor2D)) : packPanels(wi), wi.shape[1], bias) : matMulBias(xi, wi, bias),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, ws] = saved as [tf.Tensor2D, tf.Tensor2D];
        const g = dy as tf.Tensor2D; // [n, out]
        if (g.shape[0] > 0 && nativeKernelsAvailable()) {
          // The same products natively (34 GFLOP/s against XNNPACK's 24 at n 1280, in 64, out 768).
          const dx = nativeLinear(g, packPanels(tf.transpose(ws)), ws.shape[0], null); // [n, out] x [out, in] -> [n, in]
          const dw = nativeLinear(tf.transpose(xs), packPanels(g), ws.shape[1], null); // [in, n] x [n, out] -> [in, out]
          return b ? [dx, dw, nativeColSum(g)] : [dx, dw];
        }
        const dx = tf.matMul(g, tf.transpose(ws)); // [n, out] x [out, in] -> [n, in]
        const dw = tf.matMul(tf.transpose(xs), g); // [in, n] x [n, out] -> [in, out]
        return b ? [dx, dw, tf.sum(g, 0)] : [dx, dw];
      },
    };
  });
  return op(...inputs) as tf.Tensor2D;
}

/** Options of {@link linearLogSoftmax}. */
export interface LinearLogSoftmaxOptions {
  /** Where the packed copy of `W` is kept while `W` does not change (required; dispose it with its owner). */
  cache: DerivedWeights;
}

/**
 * Rows `rows` of `x` along axis 0 (a row may repeat), without a gradient: `[n, ...rest]` ->
 * `[rows.length, ...rest]`. What decoding uses to reorder its state, pick embeddings and cut an
 * attention cache to the sentences still decoding: on WASM one native copy (tfjs's GatherV2 there
 * takes 6 ms for 160 rows of 512 floats, the copy a few microseconds), elsewhere `tf.gather`.
 */
export function pickRows<T extends tf.Tensor>(x: T, rows: Int32Array): T {
  const n = x.shape[0]!;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (!(r >= 0 && r < n)) throw new InputError(`pickRows: rows[${i}] must be an integer in [0, ${n - 1}], got ${r}`);
  }
  return tf.tidy(() => {
    const idx = tf.tensor1d(rows, 'int32');
    const native = (x.dtype === 'float32' || x.dtype === 'int32') && !recordingGradients() && nativeKernelsAvailable();
    return native ? nativeGatherRows(x, idx) : (tf.gather(x, idx) as T);
  });
}

/**
 * `logSoftmax(x W + b)` over the last axis for `x: [n, in]`, `W: [in, out]`, `b: [out]` (or null),
 * without a gradient: the log-probabilities of a decoder step. On WASM one native call with `W`
 * packed once into `options.cache` (a row's result then depends on that row only, whatever the
 * batch); elsewhere, or while recording gradients, tfjs's matMul and logSoftmax.
 */
export function linearLogSoftmax(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D | null, options: LinearLogSoftmaxOptions): tf.Tensor2D {
  const { cache } = options;
  if (!recordingGradients() && x.shape[0] > 0 && nativeKernelsAvailable()) {
    return nativeLinearLogSoftmax(x, cache.get('kernelPacked', w, (s) => packPanels(s as tf.Tensor2D)), w.shape[1], b); // [n, out]
  }
  return tf.tidy(() => tf.logSoftmax(matMulBias(x, w, b))); // [n, out]
}

/**
 * Tensors derived from a weight (its transpose, a column block) kept across calls until the weight
 * changes. tfjs gives a variable a new `dataId` on every `assign`, so the cache compares `dataId`s:
 * an optimiser step or `loadWeights` invalidates it, a forward and its backward pass share it.
 */
export class DerivedWeights {
  readonly #entries = new Map<string, { source: tf.DataId; value: tf.Tensor }>();

  /** The tensor `make(source)` stored under `key`, recomputed when `source`'s data changed. */
  get<T extends tf.Tensor>(key: string, source: tf.Tensor, make: (s: tf.Tensor) => T): T {
    const hit = this.#entries.get(key);
    if (hit && hit.source === source.dataId && !hit.value.isDisposed) return hit.value as T;
    hit?.value.dispose();
    const value = tf.keep(tf.tidy(() => make(source)));
    this.#entries.set(key, { source: source.dataId, value });
    return value;
  }

  /** Disposes every cached tensor. */
  dispose(): void {
    for (const { value } of this.#entries.values()) value.dispose();
    this.#entries.clear();
  }
}
