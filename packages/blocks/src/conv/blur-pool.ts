/**
 * Anti-aliased downsampling (Zhang 2019, "Making convolutional networks shift-invariant again"):
 * a strided layer samples its input every `stride` pixels, so high frequencies alias and a
 * one-pixel shift of the image can change the features a lot. BlurPool low-pass filters before it
 * samples, with the binomial filter [1, 2, 1] / 4 along each axis (zero padding):
 *
 *   blur(x)[r, c] = sum_{i,j in -1..1} b_i b_j x[r + i, c + j],   b = [1, 2, 1] / 4
 *   y[p, q]       = blur(x)[p * s - padTop + 1, q * s - padLeft + 1]
 *
 * The sampled centres are those of a 3x3 'same' window with stride `s` (see geometry.ts), so
 * `blurPool2d(conv_stride1(x), s)` keeps the grid of `conv_stride_s(x)`. Built from pad, slice and
 * reshape only: it has gradients on every backend (WASM included).
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkInt } from '@seq2seq/core';
import { checkImage, windowGeometry } from './geometry';

/** The binomial taps [1, 2, 1] / 4. */
const TAPS = [0.25, 0.5, 0.25] as const;

/**
 * Rows (axis 1) or columns (axis 2) `start, start + s, ..., start + s (count - 1)` of `x`, which has
 * them all. Only 4-D reshapes and slices (the WASM backend slices 5-D tensors element by element):
 * `s` consecutive rows are one row of `s * W` values, of which the first `W` are the wanted row;
 * `s` consecutive columns are one column of `s * C` values, of which the first `C`.
 */
function every(x: tf.Tensor4D, axis: 1 | 2, start: number, stride: number, count: number): tf.Tensor4D {
  const [batch, height, width, channels] = x.shape;
  const begin = [0, 0, 0, 0];
  const size = [batch, height, width, channels];
  begin[axis] = start;
  size[axis] = stride * count;
  const run = tf.slice(x, begin, size); // [B, s*count, W, C] (or along W)
  if (stride === 1) return run;
  if (axis === 1) return tf.slice(tf.reshape(run, [batch, count, stride * width, channels]), [0, 0, 0, 0], [batch, count, width, channels]) as tf.Tensor4D;
  return tf.slice(tf.reshape(run, [batch, height, count, stride * channels]), [0, 0, 0, 0], [batch, height, count, channels]) as tf.Tensor4D;
}

/** Blurs along one axis and samples it (see the module comment). */
function blurAxis(x: tf.Tensor4D, axis: 1 | 2, stride: number, out: number, padBefore: number): tf.Tensor4D {
  const size = x.shape[axis];
  // Output p reads input rows c - 1, c, c + 1 with c = p s - padBefore + 1; in padded coordinates
  // (one zero row before) those are c, c + 1, c + 2, so output 0's first is 1 - padBefore.
  const first = 1 - padBefore;
  const needed = first + 2 + stride * out; // rows the three samplings reach
  const after = Math.max(needed - (size + 1), 0);
  const paddings: Array<[number, number]> = [[0, 0], [0, 0], [0, 0], [0, 0]];
  paddings[axis] = [1, after];
  const padded = tf.pad(x, paddings) as tf.Tensor4D; // [B, 1 + H + after, W, C] (or along W)
  let y: tf.Tensor4D | null = null;
  TAPS.forEach((tap, i) => {
    const term = tf.mul(every(padded, axis, first + i, stride, out), tap) as tf.Tensor4D;
    y = y ? (tf.add(y, term) as tf.Tensor4D) : term;
  });
  return y!;
}

/**
 * BlurPool: `x: [batch, H, W, C]` -> `[batch, ceil(H / stride), ceil(W / stride), C]`, blurred by
 * [1, 2, 1] / 4 along each axis, then sampled every `stride` pixels at the centres of 3x3 'same'
 * windows (see the module comment). `stride` 1 only blurs.
 */
export function blurPool2d(x: tf.Tensor4D, stride = 2): tf.Tensor4D {
  const op = 'blurPool2d';
  checkImage(x, op, undefined);
  const s = checkInt(stride, 'stride', op, 1);
  const [, height, width] = x.shape;
  const g = windowGeometry(height, width, [3, 3], [s, s], 'same');
  return tf.tidy(() => blurAxis(blurAxis(x, 1, s, g.outHeight, g.padTop), 2, s, g.outWidth, g.padLeft));
}
