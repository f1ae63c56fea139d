import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, expectClose } from '@seq2seq/backend/testing';
import { expect, it } from 'vitest';
import { Rng, fastMatMul } from './index';

describeBackends('fastMatMul', ({ tolerance }) => {
  it('matches tf.matMul in value and gradient', async () => {
    const rng = new Rng(2);
    const a = tf.tensor2d(rng.normalArray(12), [3, 4]);
    const b = tf.tensor2d(rng.normalArray(20), [4, 5]);
    const w = tf.tensor2d(rng.normalArray(15), [3, 5]);
    const loss = (f: (x: tf.Tensor2D, y: tf.Tensor2D) => tf.Tensor) => (x: tf.Tensor, y: tf.Tensor) =>
      tf.sum(tf.mul(tf.tanh(f(x as tf.Tensor2D, y as tf.Tensor2D)), w));
    const [ga, gb] = tf.grads(loss(fastMatMul))([a, b]);
    const [ra, rb] = tf.grads(loss((x, y) => tf.matMul(x, y)))([a, b]);
    expectClose(fastMatMul(a, b), await tf.matMul(a, b).data(), tolerance);
    expectClose(ga!, await ra!.data(), tolerance);
    expectClose(gb!, await rb!.data(), tolerance);
    // Finite differences on one entry of b.
    const f = (bb: tf.Tensor) => loss(fastMatMul)(a, bb).dataSync()[0]!;
    const h = 1e-2;
    const bv = b.arraySync() as number[][];
    const plus = bv.map((r) => [...r]);
    const minus = bv.map((r) => [...r]);
    plus[1]![2]! += h;
    minus[1]![2]! -= h;
    const numeric = (f(tf.tensor2d(plus)) - f(tf.tensor2d(minus))) / (2 * h);
    expect((await gb!.array() as number[][])[1]![2]!).toBeCloseTo(numeric, 2);
    tf.disposeVariables();
  });
});
