/**
 * The batched products of the filterbank's read and write (`F_Y x F_X^T`, `F_Y^T w F_X`): one
 * small product per image, with N of 2-12 filters over 28-100 pixels.
 *
 * On WASM they are a broadcast multiply and a sum: tfjs-wasm's BatchMatMul multiplies image by
 * image (about 1 ms a call at batch 64, 28x28, whatever N), and its gradient needs transposes.
 * Measured on DRAW's default glimpse (batch 64, 28x28, read N = 2 and write N = 5, both
 * filterbanks built, forward and backward, min CPU time): 19.5 ms through BatchMatMul, 12.2 ms
 * (10.8 on a rerun) as multiply-and-sum. On the CPU backend it is the other way round (72 ms
 * against 379 ms: its matMul is a tight loop, its broadcasting elementwise ops are not), and
 * elsewhere (WebGPU) a matMul is the natural kernel: those run `tf.matMul`, with a gradient that
 * transposes explicitly instead of using the transpose flags (see `fastMatMul` in `@seq2seq/core`).
 */
import * as tf from '@tensorflow/tfjs-core';

const matMulExplicit = tf.customGrad(((a: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
  save([a, b]);
  return {
    value: tf.matMul(a as tf.Tensor3D, b as tf.Tensor3D),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sa, sb] = saved as [tf.Tensor3D, tf.Tensor3D];
      return [
        tf.matMul(dy as tf.Tensor3D, transposeLast(sb)), // [b, m, n] x [b, n, k] -> [b, m, k]
        tf.matMul(transposeLast(sa), dy as tf.Tensor3D), // [b, k, m] x [b, m, n] -> [b, k, n]
      ];
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]);

const bmm = (a: tf.Tensor3D, b: tf.Tensor3D): tf.Tensor3D => matMulExplicit(a, b) as tf.Tensor3D;
const transposeLast = (x: tf.Tensor3D): tf.Tensor3D => tf.transpose(x, [0, 2, 1]);
const elementwise = (): boolean => tf.getBackend() === 'wasm';

/** `a c` per image: `a [batch, m, k]`, `c [batch, k, n]` -> `[batch, m, n]`. */
export function productNN(a: tf.Tensor3D, c: tf.Tensor3D): tf.Tensor3D {
  if (!elementwise()) return bmm(a, c);
  return tf.sum(tf.mul(tf.expandDims(a, 3), tf.expandDims(c, 1)), 2); // [b, m, k, 1] * [b, 1, k, n] -> sum over k
}

/** `a c^T` per image: `a [batch, m, k]`, `c [batch, n, k]` -> `[batch, m, n]`. */
export function productNT(a: tf.Tensor3D, c: tf.Tensor3D): tf.Tensor3D {
  if (!elementwise()) return bmm(a, transposeLast(c));
  return tf.sum(tf.mul(tf.expandDims(a, 2), tf.expandDims(c, 1)), 3); // [b, m, 1, k] * [b, 1, n, k] -> sum over k
}

/** `a^T c` per image: `a [batch, k, m]`, `c [batch, k, n]` -> `[batch, m, n]`. */
export function productTN(a: tf.Tensor3D, c: tf.Tensor3D): tf.Tensor3D {
  if (!elementwise()) return bmm(transposeLast(a), c);
  return tf.sum(tf.mul(tf.expandDims(a, 3), tf.expandDims(c, 2)), 1); // [b, k, m, 1] * [b, k, 1, n] -> sum over k
}
