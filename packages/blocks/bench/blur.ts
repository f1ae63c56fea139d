/**
 * BlurPool on WASM, forward and backward, at the encoder's stem (x [32, 48, 160, 16], stride 2):
 * ours (two 2x2 average pools, see src/conv/blur-pool.ts) beside the first implementation, kept
 * here as the baseline: a separable blur built from pad, 4-D slices and reshapes (its gradient is
 * the slices' adjoint, pads and adds).
 */
import * as tf from '@tensorflow/tfjs-core';
import { blurPool2d, windowGeometry } from '../src/index';
import { tensorCpuMs } from './measure';

const TAPS = [0.25, 0.5, 0.25] as const;

/** Rows (axis 1) or columns (axis 2) `start, start + s, ...` of `x`, by 4-D slices and reshapes. */
function every(x: tf.Tensor4D, axis: 1 | 2, start: number, stride: number, count: number): tf.Tensor4D {
  const [batch, height, width, channels] = x.shape;
  const begin = [0, 0, 0, 0];
  const size = [batch, height, width, channels];
  begin[axis] = start;
  size[axis] = stride * count;
  const run = tf.slice(x, begin, size);
  if (stride === 1) return run;
  if (axis === 1) return tf.slice(tf.reshape(run, [batch, count, stride * width, channels]), [0, 0, 0, 0], [batch, count, width, channels]) as tf.Tensor4D;
  return tf.slice(tf.reshape(run, [batch, height, count, stride * channels]), [0, 0, 0, 0], [batch, height, count, channels]) as tf.Tensor4D;
}

/** Blurs along one axis by [1, 2, 1] / 4 (zero padding) and samples it every `stride`. */
function blurAxis(x: tf.Tensor4D, axis: 1 | 2, stride: number, out: number, padBefore: number): tf.Tensor4D {
  const first = 1 - padBefore;
  const after = Math.max(first + 2 + stride * out - (x.shape[axis] + 1), 0);
  const paddings: Array<[number, number]> = [[0, 0], [0, 0], [0, 0], [0, 0]];
  paddings[axis] = [1, after];
  const padded = tf.pad(x, paddings) as tf.Tensor4D;
  let y: tf.Tensor4D | null = null;
  TAPS.forEach((tap, i) => {
    const term = tf.mul(every(padded, axis, first + i, stride, out), tap) as tf.Tensor4D;
    y = y ? (tf.add(y, term) as tf.Tensor4D) : term;
  });
  return y!;
}

/** The baseline: the same BlurPool by slices. */
function sliceBlurPool2d(x: tf.Tensor4D, s: number): tf.Tensor4D {
  const g = windowGeometry(x.shape[1], x.shape[2], [3, 3], [s, s], 'same');
  return tf.tidy(() => blurAxis(blurAxis(x, 1, s, g.outHeight, g.padTop), 2, s, g.outWidth, g.padLeft));
}

/** Min CPU ms of `reps` forward + backward passes of `blur` (after one warm-up), reading dL/dx back. */
function time(blur: (x: tf.Tensor4D) => tf.Tensor4D, x: tf.Tensor4D, r: tf.Tensor4D, reps: number): number {
  const step = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(blur(t as tf.Tensor4D), r)));
  return tensorCpuMs(() => step(x), reps);
}

/** Prints one JSON line: ours and the slice baseline, forward + backward, in CPU ms. */
export function blurRows(print: (row: Record<string, unknown>) => void, reps: number): void {
  const x = tf.randomNormal([32, 48, 160, 16], 0, 1, 'float32', 4) as tf.Tensor4D;
  const r = tf.randomNormal([32, 24, 80, 16], 0, 1, 'float32', 5) as tf.Tensor4D;
  const ms = time((t) => blurPool2d(t, 2), x, r, reps);
  const peerMs = time((t) => sliceBlurPool2d(t, 2), x, r, reps);
  print({ case: 'blur-pool-s2-fwd-bwd', backend: tf.getBackend(), ms, peer: 'pad-slice-reshape', peerMs, ratio: peerMs / ms });
  tf.dispose([x, r]);
}
