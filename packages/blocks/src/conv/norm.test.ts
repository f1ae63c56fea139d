import * as tf from '@tensorflow/tfjs-core';
import { InputError, Rng, ShapeError } from '@seq2seq/core';
import { checkGradients, describeBackends, expectClose, expectNoTensorLeak } from '@seq2seq/backend/testing';
import { expect, it } from 'vitest';
import { BatchNorm2D, GroupNorm, defaultNumGroups } from '../index';
import { onCpu, outputAndGradients, randomTensor, referenceNorm } from './testing';

const SHAPE = [3, 4, 5, 6];

describeBackends('normalisation', ({ tolerance }) => {
  const tol = Math.max(tolerance, 1e-5) * 10;

  it('BatchNorm2D in training mode normalises each channel by batch statistics and updates the running statistics', async () => {
    const rng = new Rng(1);
    const bn = new BatchNorm2D({ inputSize: 6, momentum: 0.2, epsilon: 1e-3 });
    const gamma = rng.uniformArray(6, 0.5, 2);
    const beta = rng.uniformArray(6, -1, 1);
    bn.gamma.assign(tf.tensor1d(gamma));
    bn.beta.assign(tf.tensor1d(beta));
    const xv = rng.uniformArray(3 * 4 * 5 * 6, -2, 3);
    const x = tf.tensor4d(xv, SHAPE as [number, number, number, number]);
    const y = bn.apply(x);
    const ref = referenceNorm(xv, SHAPE, 6, false, gamma, beta, 1e-3);
    await expectClose(y, Array.from(ref.y), tol);
    const n = 3 * 4 * 5;
    await expectClose(bn.runningMean, Array.from(ref.mean, (m) => 0.2 * m), tol);
    await expectClose(bn.runningVar, Array.from(ref.variance, (v) => 0.8 + (0.2 * v * n) / (n - 1)), tol);
    // eval mode: the running statistics, and no update
    bn.eval();
    const ye = bn.apply(x);
    const rm = Array.from(ref.mean, (m) => 0.2 * m);
    const rv = Array.from(ref.variance, (v) => 0.8 + (0.2 * v * n) / (n - 1));
    await expectClose(ye, Array.from(xv, (v, i) => (gamma[i % 6]! * (v - rm[i % 6]!)) / Math.sqrt(rv[i % 6]! + 1e-3) + beta[i % 6]!), tol);
    await expectClose(bn.runningMean, rm, tol);
    tf.dispose([x, y, ye]);
    bn.dispose();
  });

  it('BatchNorm2D keeps its running statistics as non-trainable weights, saved and loaded by name', async () => {
    const bn = new BatchNorm2D({ inputSize: 2 });
    expect(bn.namedParameters().map(([n, v]) => `${n}:${v.shape.join('x')}:${v.trainable}`)).toEqual(['gamma:2:true', 'beta:2:true', 'runningMean:2:false', 'runningVar:2:false']);
    expect(bn.trainableVariables()).toEqual([bn.gamma, bn.beta]);
    await expectClose(bn.runningVar, [1, 1], 0);
    const copy = new BatchNorm2D({ inputSize: 2 });
    bn.runningMean.assign(tf.tensor1d([3, 4]));
    copy.loadWeights(bn.getWeights());
    await expectClose(copy.runningMean, [3, 4], 0);
    bn.dispose();
    copy.dispose();
  });

  it('BatchNorm2D gradients match finite differences (training and evaluation mode)', async () => {
    const rng = new Rng(2);
    const bn = new BatchNorm2D({ inputSize: 3 });
    bn.gamma.assign(randomTensor(rng, [3], 2));
    bn.beta.assign(randomTensor(rng, [3]));
    const x = tf.variable(randomTensor(rng, [2, 3, 2, 3], 2));
    const r = randomTensor(rng, [2, 3, 2, 3]);
    const loss = (): tf.Scalar => tf.tidy(() => tf.sum(tf.mul(bn.apply(x as tf.Tensor4D), r)) as tf.Scalar);
    await checkGradients(loss, { x, gamma: bn.gamma, beta: bn.beta }, { samples: 8 });
    bn.eval();
    await checkGradients(loss, { x, gamma: bn.gamma, beta: bn.beta }, { samples: 8 });
    tf.dispose([x, r]);
    bn.dispose();
  });

  it('GroupNorm normalises each image over its groups of channels; gradients match finite differences', async () => {
    const rng = new Rng(3);
    const gn = new GroupNorm({ inputSize: 6, numGroups: 3, epsilon: 1e-3 });
    const gamma = rng.uniformArray(6, 0.5, 2);
    const beta = rng.uniformArray(6, -1, 1);
    gn.gamma.assign(tf.tensor1d(gamma));
    gn.beta.assign(tf.tensor1d(beta));
    const xv = rng.uniformArray(3 * 4 * 5 * 6, -2, 3);
    const x = tf.tensor4d(xv, SHAPE as [number, number, number, number]);
    const y = gn.apply(x);
    await expectClose(y, Array.from(referenceNorm(xv, SHAPE, 3, true, gamma, beta, 1e-3).y), tol);
    gn.eval();
    const ye = gn.apply(x);
    await expectClose(ye, y, tol); // no batch statistics: evaluation computes the same thing
    const xs = tf.variable(randomTensor(rng, [2, 2, 3, 6], 2));
    const r = randomTensor(rng, [2, 2, 3, 6]);
    await checkGradients(() => tf.tidy(() => tf.sum(tf.mul(gn.apply(xs as tf.Tensor4D), r)) as tf.Scalar), { x: xs, gamma: gn.gamma, beta: gn.beta }, { samples: 8 });
    tf.dispose([x, y, ye, xs, r]);
    gn.dispose();
  });

  it('gradients of both norms equal the CPU backend', async () => {
    const rng = new Rng(4);
    const xv = rng.uniformArray(2 * 3 * 4 * 8, -1, 2);
    const shape: [number, number, number, number] = [2, 3, 4, 8];
    for (const make of [() => new BatchNorm2D({ inputSize: 8 }), () => new GroupNorm({ inputSize: 8, numGroups: 4 })]) {
      const gammaBeta = [rng.uniformArray(8, 0.5, 2), rng.uniformArray(8, -1, 1)] as const;
      const run = (): Record<string, Float32Array> => {
        const norm = make();
        norm.gamma.assign(tf.tensor1d(gammaBeta[0]));
        norm.beta.assign(tf.tensor1d(gammaBeta[1]));
        const x = tf.tensor4d(xv, shape);
        const out = outputAndGradients(norm, x);
        x.dispose();
        norm.dispose();
        return out;
      };
      const cpu = await onCpu(run);
      const here = run();
      for (const key of Object.keys(cpu)) await expectClose(tf.tensor(here[key]!), cpu[key]!, tol);
    }
  });

  it('bad input and bad configs get clear errors; no leaks', async () => {
    const bn = new BatchNorm2D({ inputSize: 4 });
    const gn = new GroupNorm({ inputSize: 4, numGroups: 2 });
    expect(() => bn.apply(tf.zeros([2, 3, 4]) as unknown as tf.Tensor4D)).toThrow("BatchNorm2D.apply: argument 'x' must have shape [batch, height, width, 4], got [2, 3, 4]");
    expect(() => bn.apply(tf.zeros([2, 3, 3, 5]) as unknown as tf.Tensor4D)).toThrow(ShapeError);
    expect(() => bn.apply(tf.zeros([1, 1, 1, 4]) as unknown as tf.Tensor4D)).toThrow(/training mode needs more than one value per channel/);
    expect(() => gn.apply(tf.zeros([2, 3, 3, 5]) as unknown as tf.Tensor4D)).toThrow(/GroupNorm.apply: argument 'x' must have shape \[batch=2, height=3, width=3, 4\], got \[2, 3, 3, 5\]/);
    expect(() => new GroupNorm({ inputSize: 6, numGroups: 4 })).toThrow(/'numGroups' must divide 'inputSize' \(6\), got 4/);
    expect(() => new BatchNorm2D({ inputSize: 4, momentum: 2 })).toThrow(InputError);
    expect(defaultNumGroups(64)).toBe(32);
    expect(defaultNumGroups(48)).toBe(24);
    expect(defaultNumGroups(7)).toBe(7);
    const x = randomTensor<tf.Rank.R4>(new Rng(5), [2, 3, 3, 4]);
    for (const norm of [bn, gn]) {
      await expectNoTensorLeak(() => {
        const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(norm.apply(x))) as tf.Scalar, norm.trainableVariables());
        return [value, ...Object.values(grads)];
      });
    }
    bn.eval();
    await expectNoTensorLeak(() => bn.apply(x));
    const before = tf.memory().numTensors;
    bn.dispose();
    gn.dispose();
    expect(tf.memory().numTensors).toBe(before - 6);
    x.dispose();
  });
});
