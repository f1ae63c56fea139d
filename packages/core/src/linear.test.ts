import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, expectClose } from '@seq2seq/backend/testing';
import { expect, it } from 'vitest';
import { Dropout, Linear, Rng } from './index';

describeBackends('Linear', ({ tolerance }) => {
  it('computes x W + b on rank-2 and rank-3 inputs', async () => {
    const lin = new Linear({ inputSize: 3, outputSize: 2, rng: new Rng(1) });
    const x = tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [2, 2, 3]);
    const w = await lin.kernel.array() as number[][];
    const y = lin.apply(x);
    expect(y.shape).toEqual([2, 2, 2]);
    const xs = (await x.array()).flat();
    const expected = xs.map((row) => [0, 1].map((j) => row.reduce((s, v, i) => s + v * w[i]![j]!, 0)));
    expectClose(y, expected.flat(), tolerance);
    expect(() => lin.apply(tf.zeros([2, 4]))).toThrow(/Linear.apply: argument 'x' must have shape \[2, 3\], got \[2, 4\]/);
    tf.dispose([x, y]);
    lin.dispose();
  });

  it('dropout keeps the expectation, is seeded, and is the identity in eval mode', async () => {
    const d = new Dropout({ rate: 0.5, rng: new Rng(3) });
    const x = tf.ones([100, 100]);
    const y = d.apply(x);
    const mean = (await tf.mean(y).data())[0]!;
    expect(mean).toBeGreaterThan(0.9);
    expect(mean).toBeLessThan(1.1);
    const zeros = (await y.data()).filter((v) => v === 0).length;
    expect(zeros).toBeGreaterThan(4000);
    expect(zeros).toBeLessThan(6000);
    d.eval();
    expectClose(d.apply(x), await x.data(), 0);
    tf.dispose([x, y]);
  });

  it('dropout with { noiseShape } shares one mask along the axes of size 1', async () => {
    const d = new Dropout({ rate: 0.5, rng: new Rng(4) });
    const x = tf.ones([6, 8]);
    const masked = d.apply(x, { noiseShape: [1, 8] });
    const y = (await masked.array()) as number[][];
    for (const row of y) expect(row).toEqual(y[0]); // every row has the same mask
    expect(y[0]!.every((v) => v === 0 || v === 2)).toBe(true);
    tf.dispose([x, masked]);
  });
});
