import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import './tfjs-setup';
import '@tensorflow/tfjs-backend-cpu';

describe('tfjs setup', () => {
  it('registers gradients and chained ops', async () => {
    await tf.setBackend('cpu');
    const g = tf.grad((x: tf.Tensor) => tf.sum(tf.tanh(x)));
    const x = tf.tensor1d([0, 1]);
    const dx = await g(x).data();
    expect(dx[0]).toBeCloseTo(1, 6);
    expect(dx[1]).toBeCloseTo(1 - Math.tanh(1) ** 2, 6);
    expect(await x.add(x).data()).toEqual(new Float32Array([0, 2]));
  });
});
