import * as tf from '@tensorflow/tfjs-core';
import { InputError, Rng, ShapeError } from '@seq2seq/core';
import { checkGradients, describeBackends, expectClose, expectNoTensorLeak } from '@seq2seq/backend/testing';
import { expect, it } from 'vitest';
import { Conv2D, conv2d, conv2dFilterGradient, windowGeometry, type Padding } from '../index';
import { onCpu, randomTensor, referenceConv2d } from './testing';

interface Case {
  name: string;
  x: [number, number, number, number];
  kernel: [number, number, number, number];
  stride: [number, number];
  padding: Padding;
}

const CASES: Case[] = [
  { name: '3x3 same stride 1', x: [2, 5, 6, 3], kernel: [3, 3, 3, 4], stride: [1, 1], padding: 'same' },
  { name: '3x3 same stride 2, even size', x: [2, 6, 8, 2], kernel: [3, 3, 2, 3], stride: [2, 2], padding: 'same' },
  { name: '3x3 same stride 2, odd size', x: [1, 7, 5, 2], kernel: [3, 3, 2, 3], stride: [2, 2], padding: 'same' },
  { name: '3x3 valid stride 2', x: [2, 7, 8, 2], kernel: [3, 3, 2, 2], stride: [2, 2], padding: 'valid' },
  { name: '1x1 stride 2', x: [2, 6, 6, 3], kernel: [1, 1, 3, 5], stride: [2, 2], padding: 'same' },
  { name: '1x1 stride 2, odd size (phases with no tap; the interleaved gradient is cropped)', x: [2, 5, 7, 3], kernel: [1, 1, 3, 2], stride: [2, 2], padding: 'same' },
  { name: '2x5 kernel, strides [1, 3], same', x: [2, 5, 11, 2], kernel: [2, 5, 2, 3], stride: [1, 3], padding: 'same' },
  { name: '2x2 kernel, stride 3 (phases with no tap), same, sizes not multiples of 3', x: [1, 7, 8, 2], kernel: [2, 2, 2, 3], stride: [3, 3], padding: 'same' },
  { name: '5x5 valid stride 2, leftover rows and columns', x: [2, 10, 9, 2], kernel: [5, 5, 2, 2], stride: [2, 2], padding: 'valid' },
  { name: '4x4 valid, kernel as large as the input', x: [3, 4, 4, 1], kernel: [4, 4, 1, 2], stride: [1, 1], padding: 'valid' },
];

describeBackends('conv2d', ({ tolerance }) => {
  const tol = Math.max(tolerance, 1e-5) * 10;

  for (const c of CASES) {
    it(`${c.name}: forward matches the float64 definition`, async () => {
      const rng = new Rng(1);
      const x = randomTensor<tf.Rank.R4>(rng, c.x);
      const w = randomTensor<tf.Rank.R4>(rng, c.kernel);
      const y = conv2d(x, w, c.stride, c.padding);
      const ref = referenceConv2d(await x.data() as Float32Array, c.x, await w.data() as Float32Array, c.kernel, c.stride, c.padding);
      expect(y.shape).toEqual(ref.shape);
      const g = windowGeometry(c.x[1], c.x[2], [c.kernel[0], c.kernel[1]], c.stride, c.padding);
      expect([g.outHeight, g.outWidth]).toEqual(ref.shape.slice(1, 3));
      await expectClose(y, Array.from(ref.y), tol);
      tf.dispose([x, w, y]);
    });

    it(`${c.name}: gradients equal tfjs's native Conv2D gradients on the CPU backend`, async () => {
      const rng = new Rng(2);
      const xv = rng.uniformArray(c.x.reduce((a, b) => a * b), -1, 1);
      const wv = rng.uniformArray(c.kernel.reduce((a, b) => a * b), -1, 1);
      const native = await onCpu(() =>
        tf.tidy(() => {
          const x = tf.tensor4d(xv, c.x);
          const w = tf.tensor4d(wv, c.kernel);
          const y = tf.conv2d(x, w, c.stride, c.padding);
          const r = tf.tensor(Float32Array.from({ length: y.size }, (_, i) => Math.sin(i)), y.shape);
          const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.padding), r)))([x, w]);
          return { dx: dx!.dataSync().slice(), dw: dw!.dataSync().slice() };
        }),
      );
      const x = tf.tensor4d(xv, c.x);
      const w = tf.tensor4d(wv, c.kernel);
      const [dx, dw] = tf.tidy(() => {
        const y = conv2d(x, w, c.stride, c.padding);
        const r = tf.tensor(Float32Array.from({ length: y.size }, (_, i) => Math.sin(i)), y.shape);
        return tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.padding), r)))([x, w]);
      });
      await expectClose(dx!, Array.from(native.dx), tol);
      await expectClose(dw!, Array.from(native.dw), tol);
      tf.dispose([x, w, dx!, dw!]);
    });
  }

  it('conv2dFilterGradient alone equals the native filter gradient for a stride-2 valid case', async () => {
    const rng = new Rng(3);
    const shapeX: [number, number, number, number] = [2, 9, 7, 3];
    const shapeW: [number, number, number, number] = [3, 3, 3, 2];
    const xv = rng.uniformArray(2 * 9 * 7 * 3, -1, 1);
    const dyShape = [2, 4, 3, 2];
    const dyv = rng.uniformArray(2 * 4 * 3 * 2, -1, 1);
    const native = await onCpu(() =>
      tf.tidy(() => {
        const x = tf.tensor4d(xv, shapeX);
        const dy = tf.tensor(dyv, dyShape);
        // d/dw sum(conv(x, w) * dy) is Conv2DBackpropFilter(x, dy)
        const dw = tf.grad((w: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(x, w as tf.Tensor4D, 2, 'valid'), dy)))(tf.zeros(shapeW));
        return dw.dataSync().slice();
      }),
    );
    const ours = tf.tidy(() => conv2dFilterGradient(tf.tensor4d(xv, shapeX), tf.tensor4d(dyv, dyShape as never), shapeW, [2, 2], 'valid'));
    await expectClose(ours, Array.from(native), tol);
    ours.dispose();
  });

  it('Conv2D gradients (input, kernel, bias) match finite differences', async () => {
    const rng = new Rng(4);
    const conv = new Conv2D({ inputSize: 2, outputSize: 3, kernelSize: 3, stride: 2, rng });
    conv.bias!.assign(randomTensor(rng, [3]));
    const x = tf.variable(randomTensor(rng, [2, 5, 6, 2]));
    const r = randomTensor(rng, [2, 3, 3, 3]);
    await checkGradients(() => tf.tidy(() => tf.sum(tf.mul(conv.apply(x as tf.Tensor4D), r)) as tf.Scalar), { x, kernel: conv.kernel, bias: conv.bias! }, { samples: 5 });
    tf.dispose([x, r]);
    conv.dispose();
  });

  it('Conv2D parameters, output shape, and apply = conv2d + bias', async () => {
    const rng = new Rng(5);
    const conv = new Conv2D({ inputSize: 3, outputSize: 4, kernelSize: [3, 5], stride: [2, 1], padding: 'valid', rng });
    expect(conv.namedParameters().map(([n, v]) => `${n}:${v.shape.join('x')}`)).toEqual(['kernel:3x5x3x4', 'bias:4']);
    conv.bias!.assign(tf.tensor1d([1, -2, 3, 0.5]));
    const x = randomTensor<tf.Rank.R4>(rng, [2, 9, 8, 3]);
    const y = conv.apply(x);
    expect(y.shape).toEqual([2, 4, 4, 4]);
    const expected = tf.tidy(() => tf.add(tf.conv2d(x, conv.kernel as tf.Tensor4D, [2, 1], 'valid'), conv.bias!));
    await expectClose(y, expected, tol);
    expect(new Conv2D({ inputSize: 1, outputSize: 2, kernelSize: 1, bias: false }).parameters()).toHaveLength(1);
    tf.dispose([x, y, expected]);
    conv.dispose();
  });

  it('He normal initialisation: kernel std close to sqrt(2 / (kh kw in)), seeded', async () => {
    const a = new Conv2D({ inputSize: 16, outputSize: 32, kernelSize: 3, rng: new Rng(6) });
    const b = new Conv2D({ inputSize: 16, outputSize: 32, kernelSize: 3, rng: new Rng(6) });
    const values = await a.kernel.data();
    const std = Math.sqrt(Array.from(values).reduce((s, v) => s + v * v, 0) / values.length);
    expect(std).toBeGreaterThan(0.9 * Math.sqrt(2 / 144));
    expect(std).toBeLessThan(1.1 * Math.sqrt(2 / 144));
    expect(Array.from(await b.kernel.data())).toEqual(Array.from(values));
    a.dispose();
    b.dispose();
  });

  it('bad input gets a clear ShapeError or InputError', () => {
    const conv = new Conv2D({ inputSize: 3, outputSize: 4, kernelSize: 5, padding: 'valid' });
    const x3 = tf.zeros([2, 8, 8]);
    const xc = tf.zeros([2, 8, 8, 2]);
    const small = tf.zeros([1, 4, 9, 3]);
    const ints = tf.zeros([1, 8, 8, 3], 'int32');
    expect(() => conv.apply(x3 as tf.Tensor4D)).toThrow(ShapeError);
    expect(() => conv.apply(x3 as tf.Tensor4D)).toThrow("Conv2D.apply: argument 'x' must have shape [batch, height, width, 3], got [2, 8, 8]");
    expect(() => conv.apply(xc as tf.Tensor4D)).toThrow(/Conv2D.apply: argument 'x' must have shape \[batch=2, height=8, width=8, 3\], got \[2, 8, 8, 2\]/);
    expect(() => conv.apply(small as tf.Tensor4D)).toThrow(ShapeError);
    expect(() => conv.apply(small as tf.Tensor4D)).toThrow(/with padding 'valid' the input \(height x width 4x9\) must be at least the window \(5x5\)/);
    expect(() => conv.apply(ints as tf.Tensor4D)).toThrow(/must have dtype float32, got int32/);
    expect(() => new Conv2D({ inputSize: 3, outputSize: 4, kernelSize: 0 })).toThrow(InputError);
    expect(() => new Conv2D({ inputSize: 3, outputSize: 4, kernelSize: [3] as never })).toThrow(/'kernelSize' must be a number or \[height, width\]/);
    expect(() => new Conv2D({ inputSize: 3, outputSize: 4, kernelSize: 3, padding: 'full' as never })).toThrow(/'padding' must be one of 'same', 'valid', got "full"/);
    expect(() => new Conv2D({ inputSize: 3, outputSize: 4, kernelSize: 3, stride: 1.5 })).toThrow(/'stride' must be an integer >= 1/);
    expect(() => new Conv2D(undefined as never)).toThrow(InputError);
    tf.dispose([x3, xc, small, ints]);
    conv.dispose();
  });

  it('a training step leaves no tensors behind; dispose frees the parameters', async () => {
    const before = tf.memory().numTensors;
    const conv = new Conv2D({ inputSize: 2, outputSize: 3, kernelSize: 3, stride: 2, rng: new Rng(7) });
    const x = randomTensor<tf.Rank.R4>(new Rng(8), [2, 6, 6, 2]);
    await expectNoTensorLeak(() => {
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(conv.apply(x))) as tf.Scalar, conv.trainableVariables());
      return [value, ...Object.values(grads)];
    });
    x.dispose();
    conv.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
