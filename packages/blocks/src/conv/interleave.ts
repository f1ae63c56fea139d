/**
 * Zero interleaving, the adjoint of strided sampling: a gradient `[B, oh, ow, C]` that came from
 * every `sh`-th row and `sw`-th column goes back on the full grid, `sh - 1` zero rows after each
 * row and `sw - 1` zero columns after each column. Built from 4-D reshapes and pads only (the
 * WASM backend pads and slices tensors of higher rank element by element).
 */
import * as tf from '@tensorflow/tfjs-core';

/** `t: [B, oh, ow, C]` -> `[B, oh sh, ow sw, C]` with `t[b, p, q, c]` at `[b, p sh, q sw, c]` and zeros elsewhere. */
export function interleaveZeros(t: tf.Tensor4D, [sh, sw]: readonly [number, number]): tf.Tensor4D {
  const [batch, oh, ow, channels] = t.shape;
  let spread: tf.Tensor4D = t;
  if (sh > 1) {
    // [B, oh, 1, ow C] -> [B, oh, sh, ow C] -> [B, oh sh, ow, C]
    spread = tf.reshape(tf.pad(tf.reshape(spread, [batch, oh, 1, ow * channels]), [[0, 0], [0, 0], [0, sh - 1], [0, 0]]), [batch, oh * sh, ow, channels]);
  }
  if (sw > 1) {
    // [B oh sh, ow, 1, C] -> [B oh sh, ow, sw, C] -> [B, oh sh, ow sw, C]
    const rows = spread.shape[1];
    spread = tf.reshape(tf.pad(tf.reshape(spread, [batch * rows, ow, 1, channels]), [[0, 0], [0, 0], [0, sw - 1], [0, 0]]), [batch, rows, ow * sw, channels]);
  }
  return spread;
}
