import * as tf from '@tensorflow/tfjs-core';
import '@seq2seq/core'; // registers the gradients
import { describeBackends, expectNoTensorLeak } from '@seq2seq/backend/testing';
import { expect, it } from 'vitest';
import { scoreTanh } from './tanh';

describeBackends('scoreTanh', () => {
  it('is tanh to 1e-6 over the whole range, saturating at +-1, with the tanh gradient, and leaks nothing', async () => {
    const values = [-40, -8, -2, -0.5, -1e-3, 0, 1e-6, 1e-3, 0.5, 2, 8, 40];
    const x = tf.tensor1d(values);
    const got = scoreTanh(x).dataSync();
    values.forEach((v, i) => expect(Math.abs(got[i]! - Math.tanh(v))).toBeLessThan(1e-6));
    const grad = tf.grad((t: tf.Tensor) => tf.sum(scoreTanh(t)))(x).dataSync();
    values.forEach((v, i) => expect(Math.abs(grad[i]! - (1 - Math.tanh(v) ** 2))).toBeLessThan(1e-6));
    await expectNoTensorLeak(() => void scoreTanh(x).dispose());
    x.dispose();
  });
});
