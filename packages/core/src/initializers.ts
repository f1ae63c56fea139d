/**
 * Weight initialisers. Values are drawn in JavaScript from the seeded {@link Rng}, so the same
 * seed gives bit-identical weights on every backend.
 *
 * Shapes follow the `[fanIn, fanOut]` layout that `x @ W` uses throughout this project.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from './rng';
import { InputError } from './errors';

/** Creates an initial value of the given shape. */
export type Initializer = (shape: readonly number[], rng: Rng) => tf.Tensor;

function fans(shape: readonly number[]): [number, number] {
  if (shape.length === 0) return [1, 1];
  if (shape.length === 1) return [shape[0]!, shape[0]!];
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return [shape[shape.length - 2]! * receptive, shape[shape.length - 1]! * receptive];
}

const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** All zeros. */
export const zeros = (): Initializer => (shape) => tf.zeros(shape as number[]);

/** All ones. */
export const ones = (): Initializer => (shape) => tf.ones(shape as number[]);

/** Every entry `value`. */
export const constant = (value: number): Initializer => (shape) => tf.fill(shape as number[], value);

/** U[-a, a]. Sutskever et al. (2014) and Vinyals et al. (2015) used U[-0.08, 0.08]. */
export const uniform = (a = 0.08): Initializer => (shape, rng) =>
  tf.tensor(rng.uniformArray(sizeOf(shape), -a, a), shape as number[]);

/** N(0, std^2). */
export const normal = (std = 0.02): Initializer => (shape, rng) =>
  tf.tensor(rng.normalArray(sizeOf(shape), 0, std), shape as number[]);

/** Glorot (Xavier) uniform: U[-l, l] with `l = gain * sqrt(6 / (fanIn + fanOut))`. */
export const glorotUniform = (gain = 1): Initializer => (shape, rng) => {
  const [fanIn, fanOut] = fans(shape);
  const limit = gain * Math.sqrt(6 / (fanIn + fanOut));
  return tf.tensor(rng.uniformArray(sizeOf(shape), -limit, limit), shape as number[]);
};

/**
 * (Semi-)orthogonal matrix (Saxe et al. 2014), via a Householder QR of a Gaussian matrix in
 * float64 JavaScript: O(n^3) flops and O(n^2) memory, unlike tfjs's own `orthogonal` which is
 * slow and memory-hungry for recurrent kernels (tensorflow/tfjs #245).
 *
 * For a `[rows, cols]` shape, rows are orthonormal when rows <= cols and columns otherwise.
 * Higher-rank shapes are flattened to `[prod(shape[:-1]), shape[-1]]`.
 */
export const orthogonal = (gain = 1): Initializer => (shape, rng) => {
  if (shape.length < 2) throw new InputError(`orthogonal: shape must have rank >= 2, got [${shape.join(', ')}]`);
  const cols = shape[shape.length - 1]!;
  const rows = sizeOf(shape) / cols;
  const values = orthogonalMatrix(rows, cols, rng, gain);
  return tf.tensor(values, shape as number[]);
};

/** Row-major `[rows, cols]` (semi-)orthogonal matrix, scaled by `gain`. */
export function orthogonalMatrix(rows: number, cols: number, rng: Rng, gain = 1): Float32Array {
  const m = Math.max(rows, cols);
  const n = Math.min(rows, cols);
  // Gaussian A: [m, n], column-major for cache-friendly Householder updates.
  const a = new Float64Array(m * n);
  for (let i = 0; i < a.length; i++) a[i] = rng.normal();
  const q = householderQ(a, m, n); // [m, n] column-major, orthonormal columns
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const v = gain * q[j * m + i]!;
      // rows >= cols: out = Q; else out = Q^T.
      if (rows >= cols) out[i * cols + j] = v;
      else out[j * cols + i] = v;
    }
  }
  return out;
}

/**
 * Thin Q of the QR decomposition of column-major `a` ([m, n], m >= n), with signs fixed so that
 * diag(R) > 0 (which makes Q uniformly distributed, Mezzadri 2007). Overwrites `a`.
 */
function householderQ(a: Float64Array, m: number, n: number): Float64Array {
  const vs: Float64Array[] = [];
  const signs = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let norm = 0;
    for (let i = k; i < m; i++) norm += a[k * m + i]! ** 2;
    norm = Math.sqrt(norm);
    const akk = a[k * m + k]!;
    const alpha = akk > 0 ? -norm : norm; // R[k,k] = alpha
    signs[k] = alpha >= 0 ? 1 : -1;
    const v = new Float64Array(m - k);
    v[0] = akk - alpha;
    for (let i = k + 1; i < m; i++) v[i - k] = a[k * m + i]!;
    let vnorm2 = 0;
    for (let i = 0; i < v.length; i++) vnorm2 += v[i]! ** 2;
    if (vnorm2 > 0) {
      for (let j = k; j < n; j++) {
        let dot = 0;
        for (let i = k; i < m; i++) dot += v[i - k]! * a[j * m + i]!;
        const f = (2 * dot) / vnorm2;
        for (let i = k; i < m; i++) a[j * m + i]! -= f * v[i - k]!;
      }
    }
    for (let i = 0; i < v.length; i++) v[i]! /= Math.sqrt(vnorm2) || 1;
    vs.push(v);
  }
  // Q = H_0 H_1 ... H_{n-1} applied to the first n columns of the identity.
  const q = new Float64Array(m * n);
  for (let j = 0; j < n; j++) q[j * m + j] = 1;
  for (let k = n - 1; k >= 0; k--) {
    const v = vs[k]!;
    for (let j = 0; j < n; j++) {
      let dot = 0;
      for (let i = k; i < m; i++) dot += v[i - k]! * q[j * m + i]!;
      for (let i = k; i < m; i++) q[j * m + i]! -= 2 * dot * v[i - k]!;
    }
  }
  for (let j = 0; j < n; j++) {
    const s = signs[j]!;
    if (s < 0) for (let i = 0; i < m; i++) q[j * m + i]! *= -1;
  }
  return q;
}
