/**
 * Test helpers of the convolutional blocks (not exported from the package): random tensors,
 * running a computation on the CPU backend from inside another backend's suite, and float64
 * reference convolutions.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '@seq2seq/core';
import { windowGeometry, type Padding } from './geometry';

/** A tensor of uniform values in `[-scale, scale]`. */
export const randomTensor = <R extends tf.Rank>(rng: Rng, shape: number[], scale = 1): tf.Tensor<R> =>
  tf.tensor(rng.uniformArray(shape.reduce((a, b) => a * b, 1), -scale, scale), shape) as unknown as tf.Tensor<R>;

/** Runs `fn` with the CPU backend active (then restores the previous one) and returns its host result. */
export async function onCpu<T>(fn: () => T | Promise<T>): Promise<T> {
  const previous = tf.getBackend();
  if (previous === 'cpu') return fn();
  await tf.setBackend('cpu');
  try {
    return await fn();
  } finally {
    await tf.setBackend(previous);
  }
}

/** Float64 `y = conv(x, w)` by the definition, with TensorFlow's padding: x `[B, H, W, C]`, w `[kh, kw, C, O]`. */
export function referenceConv2d(
  x: Float32Array, xShape: readonly number[],
  w: Float32Array, wShape: readonly number[],
  [sh, sw]: [number, number], padding: Padding,
): { y: Float64Array; shape: number[] } {
  const [batch, height, width, inC] = xShape as [number, number, number, number];
  const [kh, kw, , outC] = wShape as [number, number, number, number];
  const g = windowGeometry(height, width, [kh, kw], [sh, sw], padding);
  const y = new Float64Array(batch * g.outHeight * g.outWidth * outC);
  for (let b = 0; b < batch; b++)
    for (let p = 0; p < g.outHeight; p++)
      for (let q = 0; q < g.outWidth; q++)
        for (let o = 0; o < outC; o++) {
          let s = 0;
          for (let i = 0; i < kh; i++)
            for (let j = 0; j < kw; j++) {
              const r = p * sh + i - g.padTop;
              const c = q * sw + j - g.padLeft;
              if (r < 0 || r >= height || c < 0 || c >= width) continue;
              for (let ci = 0; ci < inC; ci++) s += x[((b * height + r) * width + c) * inC + ci]! * w[((i * kw + j) * inC + ci) * outC + o]!;
            }
          y[((b * g.outHeight + p) * g.outWidth + q) * outC + o] = s;
        }
  return { y, shape: [batch, g.outHeight, g.outWidth, outC] };
}

/** Float64 normalisation of NHWC `x` over groups: channel c is in group `floor(c / (C / groups))`; statistics per (image, group) when `perImage`, else per group over the batch. */
export function referenceNorm(
  x: Float32Array, xShape: readonly number[],
  groups: number, perImage: boolean, gamma: ArrayLike<number>, beta: ArrayLike<number>, eps: number,
): { y: Float64Array; mean: Float64Array; variance: Float64Array } {
  const [batch, height, width, channels] = xShape as [number, number, number, number];
  const size = channels / groups;
  const slots = perImage ? batch * groups : groups;
  const sum = new Float64Array(slots);
  const sq = new Float64Array(slots);
  const count = new Float64Array(slots);
  const slot = (b: number, c: number): number => (perImage ? b * groups : 0) + Math.floor(c / size);
  for (let i = 0; i < x.length; i++) {
    const c = i % channels;
    const b = Math.floor(i / (height * width * channels));
    sum[slot(b, c)]! += x[i]!;
    count[slot(b, c)]! += 1;
  }
  const mean = sum.map((s, k) => s / count[k]!);
  for (let i = 0; i < x.length; i++) {
    const c = i % channels;
    const k = slot(Math.floor(i / (height * width * channels)), c);
    sq[k]! += (x[i]! - mean[k]!) ** 2;
  }
  const variance = sq.map((s, k) => s / count[k]!);
  const y = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const c = i % channels;
    const k = slot(Math.floor(i / (height * width * channels)), c);
    y[i] = (gamma[c]! * (x[i]! - mean[k]!)) / Math.sqrt(variance[k]! + eps) + beta[c]!;
  }
  return { y, mean, variance };
}

/** Float64 max or mean over each window (TensorFlow's padding; the mean counts pixels inside the image only). */
export function referencePool(
  x: Float32Array, xShape: readonly number[],
  [kh, kw]: [number, number], [sh, sw]: [number, number], padding: Padding, kind: 'max' | 'avg',
): { y: Float64Array; shape: number[] } {
  const [batch, height, width, channels] = xShape as [number, number, number, number];
  const g = windowGeometry(height, width, [kh, kw], [sh, sw], padding);
  const y = new Float64Array(batch * g.outHeight * g.outWidth * channels);
  for (let b = 0; b < batch; b++)
    for (let p = 0; p < g.outHeight; p++)
      for (let q = 0; q < g.outWidth; q++)
        for (let c = 0; c < channels; c++) {
          let acc = kind === 'max' ? -Infinity : 0;
          let n = 0;
          for (let i = 0; i < kh; i++)
            for (let j = 0; j < kw; j++) {
              const r = p * sh + i - g.padTop;
              const s = q * sw + j - g.padLeft;
              if (r < 0 || r >= height || s < 0 || s >= width) continue;
              const v = x[((b * height + r) * width + s) * channels + c]!;
              acc = kind === 'max' ? Math.max(acc, v) : acc + v;
              n++;
            }
          y[((b * g.outHeight + p) * g.outWidth + q) * channels + c] = kind === 'max' ? acc : acc / n;
        }
  return { y, shape: [batch, g.outHeight, g.outWidth, channels] };
}

/**
 * The output and the gradients (input first, then every trainable parameter by name) of
 * `sum(block(x) * r)`, as host arrays, with `r[i] = sin(i)`.
 */
export function outputAndGradients(block: { apply(x: tf.Tensor4D): tf.Tensor4D; namedParameters(): Array<[string, tf.Variable]> }, x: tf.Tensor4D): Record<string, Float32Array> {
  return tf.tidy(() => {
    const y = block.apply(x);
    const r = tf.tensor(Float32Array.from({ length: y.size }, (_, i) => Math.sin(i)), y.shape);
    const named = block.namedParameters().filter(([, v]) => v.trainable);
    const xv = tf.variable(x);
    const { grads } = tf.variableGrads(() => tf.sum(tf.mul(block.apply(xv), r)) as tf.Scalar, [xv, ...named.map(([, v]) => v)]);
    const out: Record<string, Float32Array> = { output: y.dataSync() as Float32Array, x: grads[xv.name]!.dataSync() as Float32Array };
    for (const [n, v] of named) out[n] = grads[v.name]!.dataSync() as Float32Array;
    xv.dispose();
    return out;
  });
}
