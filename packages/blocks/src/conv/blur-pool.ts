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
 * `blurPool2d(conv_stride1(x), s)` keeps the grid of `conv_stride_s(x)`.
 *
 * One fixed depthwise 3x3 convolution computes it (`b b^T` per channel, stride `s`, the window's
 * padding given explicitly), natively on every backend (XNNPACK on WASM). Its gradient is written
 * out, because the WASM backend has no depthwise-convolution gradient kernels: with `u` = dy with
 * `s - 1` zeros inserted after each row and column (the adjoint of sampling),
 *
 *   dL/dx[r, c] = sum_{i,j in 0..2} b_i b_j u[r + padTop - i, c + padLeft - j]
 *
 * which, b being symmetric, is the same blur at stride 1 over `u` padded by (2 - padTop) before.
 * Forward and backward at the encoder's stem ([32, 48, 160, 16], stride 2) take a fifth to a
 * seventh of the time of the pad-and-slice version it replaced (blocks bench, `blur-pool-s2-fwd-bwd`).
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkInt } from '@seq2seq/core';
import { checkImage, windowGeometry, type WindowGeometry } from './geometry';
import { interleaveZeros } from './interleave';

/** The binomial taps [1, 2, 1] / 4. */
const TAPS = [0.25, 0.5, 0.25] as const;

/** The blur as a depthwise filter `[3, 3, channels, 1]`: b_i b_j for every channel. */
function blurFilter(channels: number): tf.Tensor4D {
  const values = new Float32Array(9 * channels);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) values.fill(TAPS[i]! * TAPS[j]!, (i * 3 + j) * channels, (i * 3 + j + 1) * channels);
  return tf.tensor4d(values, [3, 3, channels, 1]);
}

/** Padding (before, after) of the stride-1 blur over `u` (length `uLength`) that gives `size` outputs, or a crop of `u` when `after` would be negative. */
function backwardPadding(size: number, uLength: number, padBefore: number): { before: number; after: number; keep: number } {
  const before = 2 - padBefore;
  const after = size + 2 - uLength - before;
  return after >= 0 ? { before, after, keep: uLength } : { before, after: 0, keep: uLength + after };
}

/** dL/dx of the blur pool (see the module comment): `dy: [B, outH, outW, C]` -> `[B, H, W, C]`. */
function blurPoolGradient(dy: tf.Tensor4D, filter: tf.Tensor4D, height: number, width: number, s: number, g: WindowGeometry): tf.Tensor4D {
  let u = interleaveZeros(dy, [s, s]); // [B, outH s, outW s, C]
  const rows = backwardPadding(height, u.shape[1], g.padTop);
  const cols = backwardPadding(width, u.shape[2], g.padLeft);
  if (rows.keep < u.shape[1] || cols.keep < u.shape[2]) u = tf.slice(u, [0, 0, 0, 0], [-1, rows.keep, cols.keep, -1]);
  return tf.depthwiseConv2d(u, filter, 1, [[0, 0], [rows.before, rows.after], [cols.before, cols.after], [0, 0]]);
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
  const filter = blurFilter(x.shape[3]);
  const blur = tf.customGrad(((input: tf.Tensor4D, save: tf.GradSaveFunc) => {
    save([filter]);
    const padding: [[number, number], [number, number], [number, number], [number, number]] = [[0, 0], [g.padTop, g.padBottom], [g.padLeft, g.padRight], [0, 0]];
    return {
      value: tf.depthwiseConv2d(input, filter, s, padding), // [B, outH, outW, C]
      gradFunc: (dy: tf.Tensor4D, [saved]: tf.Tensor[]) => blurPoolGradient(dy, saved as tf.Tensor4D, height, width, s, g),
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  const y = blur(x) as tf.Tensor4D;
  filter.dispose();
  return y;
}
