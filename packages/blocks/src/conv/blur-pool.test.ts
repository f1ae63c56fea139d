/**
 * BlurPool: the definition in float64 (binomial blur, zero padding, samples at the centres of
 * 3x3 'same' windows), even and odd sizes and strides 1-3, gradients against finite differences,
 * the CPU backend's values, a constant image staying constant inside, and no tensor leak.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@seq2seq/core';
import { checkGradients, describeBackends, expectClose, expectNoTensorLeak } from '@seq2seq/backend/testing';
import { expect, it } from 'vitest';
import { blurPool2d } from './blur-pool';
import { windowGeometry } from './geometry';
import { onCpu, randomTensor } from './testing';

/** Float64 BlurPool by the definition in the module comment. */
function reference(x: Float32Array, [batch, height, width, channels]: number[], stride: number): Float64Array {
  const g = windowGeometry(height!, width!, [3, 3], [stride, stride], 'same');
  const taps = [0.25, 0.5, 0.25];
  const at = (b: number, r: number, c: number, ch: number) => (r < 0 || r >= height! || c < 0 || c >= width! ? 0 : x[((b * height! + r) * width! + c) * channels! + ch]!);
  const y = new Float64Array(batch! * g.outHeight * g.outWidth * channels!);
  for (let b = 0; b < batch!; b++)
    for (let p = 0; p < g.outHeight; p++)
      for (let q = 0; q < g.outWidth; q++)
        for (let ch = 0; ch < channels!; ch++) {
          const r0 = p * stride - g.padTop + 1;
          const c0 = q * stride - g.padLeft + 1;
          let s = 0;
          for (let i = -1; i <= 1; i++) for (let j = -1; j <= 1; j++) s += taps[i + 1]! * taps[j + 1]! * at(b, r0 + i, c0 + j, ch);
          y[((b * g.outHeight + p) * g.outWidth + q) * channels! + ch] = s;
        }
  return y;
}

describeBackends('blurPool2d', ({ tolerance }) => {
  it('equals the definition for even and odd sizes and strides 1, 2 and 3', async () => {
    const rng = new Rng(1);
    for (const [shape, stride] of [[[2, 6, 8, 3], 2], [[1, 7, 5, 2], 2], [[1, 5, 9, 1], 3], [[2, 4, 4, 2], 1], [[1, 1, 3, 1], 2]] as Array<[number[], number]>) {
      const x = randomTensor<tf.Rank.R4>(rng, shape);
      const y = blurPool2d(x, stride);
      const g = windowGeometry(shape[1]!, shape[2]!, [3, 3], [stride, stride], 'same');
      expect(y.shape).toEqual([shape[0], g.outHeight, g.outWidth, shape[3]]);
      await expectClose(y, reference(await x.data() as Float32Array, shape, stride), Math.max(tolerance, 1e-6));
      tf.dispose([x, y]);
    }
  });

  it('keeps a constant image constant away from the border and samples on the strided grid', async () => {
    const x = tf.ones([1, 8, 8, 1]) as tf.Tensor4D;
    const y = blurPool2d(x, 2); // 8 -> 4, centres at rows 1, 3, 5, 7: only row/column 7 touches the zero border
    const v = await y.data();
    expect(v[0]).toBeCloseTo(1, 6); // centre (1, 1)
    expect(v[3]).toBeCloseTo(0.75, 6); // centre (1, 7): a quarter of the blur falls outside
    tf.dispose([x, y]);
  });

  it('gradients match finite differences and the CPU backend for strides 1, 2 and 3', async () => {
    const rng = new Rng(2);
    for (const [shape, stride] of [[[2, 5, 6, 2], 2], [[1, 6, 7, 3], 1], [[1, 7, 9, 2], 3], [[1, 8, 4, 1], 2]] as Array<[number[], number]>) {
      const x = tf.variable(randomTensor(rng, shape));
      const g = windowGeometry(shape[1]!, shape[2]!, [3, 3], [stride, stride], 'same');
      const r = randomTensor(rng, [shape[0]!, g.outHeight, g.outWidth, shape[3]!]);
      await checkGradients(() => tf.tidy(() => tf.sum(tf.mul(blurPool2d(x as unknown as tf.Tensor4D, stride), r)) as tf.Scalar), { x }, { samples: 5 });
      const grad = (): Float32Array => tf.tidy(() => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(blurPool2d(t as tf.Tensor4D, stride), r)))(x)).dataSync() as Float32Array;
      const cpu = await onCpu(grad);
      await expectClose(tf.tensor(grad(), x.shape), cpu, Math.max(tolerance, 1e-6));
      tf.dispose([x, r]);
    }
  });

  it('leaks no tensor and rejects what is not an image', async () => {
    const x = tf.ones([1, 6, 6, 2]) as tf.Tensor4D;
    await expectNoTensorLeak(() => blurPool2d(x, 2).dispose(), { iterations: 3 });
    await expectNoTensorLeak(() => tf.tidy(() => tf.grad((t: tf.Tensor) => tf.sum(blurPool2d(t as tf.Tensor4D, 2)))(x)).dispose(), { iterations: 3 });
    expect(() => blurPool2d(tf.ones([6, 6]) as unknown as tf.Tensor4D)).toThrow(/blurPool2d/);
    expect(() => blurPool2d(x, 0)).toThrow(/stride/);
    x.dispose();
  });
});
