import * as tf from '@tensorflow/tfjs-core';
import { InputError, Rng, ShapeError } from '@seq2seq/core';
import { checkGradients, describeBackends, expectClose, expectNoTensorLeak } from '@seq2seq/backend/testing';
import { expect, it } from 'vitest';
import { AvgPool2D, MaxPool2D, type Padding } from '../index';
import { onCpu, outputAndGradients, randomTensor, referencePool } from './testing';

const CASES: Array<{ poolSize: [number, number]; stride: [number, number]; padding: Padding; x: number[] }> = [
  { poolSize: [2, 2], stride: [2, 2], padding: 'valid', x: [2, 6, 8, 3] },
  { poolSize: [3, 3], stride: [2, 2], padding: 'same', x: [2, 7, 6, 2] },
  { poolSize: [2, 3], stride: [1, 2], padding: 'valid', x: [1, 5, 7, 2] },
];

describeBackends('pooling', ({ tolerance }) => {
  const tol = Math.max(tolerance, 1e-5) * 10;

  for (const [name, Pool, kind] of [['MaxPool2D', MaxPool2D, 'max'], ['AvgPool2D', AvgPool2D, 'avg']] as const) {
    for (const c of CASES) {
      const label = `${name} ${c.poolSize.join('x')} stride ${c.stride.join(',')} ${c.padding}`;
      it(`${label}: forward matches the float64 definition; gradients match the CPU backend and finite differences at every coordinate`, async () => {
        const rng = new Rng(1);
        const pool = new Pool({ poolSize: c.poolSize, stride: c.stride, padding: c.padding });
        const xv = rng.uniformArray(c.x.reduce((a, b) => a * b), -1, 1);
        const x = tf.tensor4d(xv, c.x as [number, number, number, number]);
        const y = pool.apply(x);
        const ref = referencePool(xv, c.x, c.poolSize, c.stride, c.padding, kind);
        expect(y.shape).toEqual(ref.shape);
        await expectClose(y, Array.from(ref.y), tol);
        const cpu = await onCpu(() => tf.tidy(() => outputAndGradients(pool, tf.tensor4d(xv, c.x as [number, number, number, number]))));
        const here = outputAndGradients(pool, x);
        await expectClose(here.x!, cpu.x!, tol);
        const xvar = tf.variable(x);
        const r = randomTensor(rng, ref.shape);
        await checkGradients(() => tf.tidy(() => tf.sum(tf.mul(pool.apply(xvar as tf.Tensor4D), r)) as tf.Scalar), { x: xvar }, { samples: 10_000, eps: 1e-3 }); // every coordinate; a small step, so no window's maximum changes hands
        tf.dispose([x, y, xvar, r]);
      });
    }

    it(`${name}: a window of equal values sends the gradient to ${kind === 'max' ? 'its first pixel' : 'every pixel equally'}`, async () => {
      const pool = new Pool({ poolSize: 2 });
      const x = tf.ones([1, 2, 4, 1]) as tf.Tensor4D;
      const dx = tf.grad((a: tf.Tensor) => tf.sum(pool.apply(a as tf.Tensor4D)))(x);
      await expectClose(dx, kind === 'max' ? [[[[1], [0], [1], [0]], [[0], [0], [0], [0]]]] : [[[[0.25], [0.25], [0.25], [0.25]], [[0.25], [0.25], [0.25], [0.25]]]], 1e-6);
      tf.dispose([x, dx]);
    });

    it(`${name}: stride defaults to the pool size; bad input gets a clear error; no leaks`, async () => {
      const pool = new Pool({ poolSize: 2 });
      expect(pool.stride).toEqual([2, 2]);
      expect(pool.padding).toBe('valid');
      expect(pool.parameters()).toHaveLength(0);
      const x = tf.zeros([2, 5, 7, 3]) as unknown as tf.Tensor4D;
      const y = pool.apply(x);
      expect(y.shape).toEqual([2, 2, 3, 3]);
      expect(() => pool.apply(tf.zeros([5, 7, 3]) as unknown as tf.Tensor4D)).toThrow(ShapeError);
      expect(() => pool.apply(tf.zeros([5, 7, 3]) as unknown as tf.Tensor4D)).toThrow(`${name}.apply: argument 'x' must have shape [batch, height, width, channels], got [5, 7, 3]`);
      expect(() => new Pool({ poolSize: 3 }).apply(tf.zeros([1, 2, 8, 1]) as unknown as tf.Tensor4D)).toThrow(/with padding 'valid' the input \(height x width 2x8\) must be at least the window \(3x3\)/);
      expect(() => new Pool({ poolSize: -1 })).toThrow(InputError);
      expect(() => new Pool({ poolSize: 2, padding: 'full' as never })).toThrow(/'padding' must be one of 'same', 'valid'/);
      await expectNoTensorLeak(() => tf.grad((a: tf.Tensor) => tf.sum(pool.apply(a as tf.Tensor4D)))(x));
      tf.dispose([x, y]);
    });
  }
});
