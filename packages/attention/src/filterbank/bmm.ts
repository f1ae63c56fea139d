/**
 * Batched `a @ b` for 3-D tensors with a gradient that never uses matMul's transpose flags: tfjs's
 * BatchMatMul gradient multiplies with `transposeA` / `transposeB`, which the WASM backend runs
 * several times slower than a plain product (see `fastMatMul` in `@seq2seq/core`); transposing
 * explicitly first and multiplying plainly is cheaper.
 */
import * as tf from '@tensorflow/tfjs-core';

const bmmExplicit = tf.customGrad(((a: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
  save([a, b]);
  return {
    value: tf.matMul(a as tf.Tensor3D, b as tf.Tensor3D),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sa, sb] = saved as [tf.Tensor3D, tf.Tensor3D];
      return [
        tf.matMul(dy as tf.Tensor3D, tf.transpose(sb, [0, 2, 1])), // [b, m, n] x [b, n, k] -> [b, m, k]
        tf.matMul(tf.transpose(sa, [0, 2, 1]), dy as tf.Tensor3D), // [b, k, m] x [b, m, n] -> [b, k, n]
      ];
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]);

/** `a: [batch, m, k]` @ `b: [batch, k, n]` -> `[batch, m, n]`. */
export function batchMatMul(a: tf.Tensor3D, b: tf.Tensor3D): tf.Tensor3D {
  return bmmExplicit(a, b) as tf.Tensor3D;
}

/** `[batch, m, n]` -> `[batch, n, m]`. */
export function transposeLast(x: tf.Tensor3D): tf.Tensor3D {
  return tf.transpose(x, [0, 2, 1]);
}
