import * as tf from '@tensorflow/tfjs-core';
import { InputError, Rng } from '@seq2seq/core';
import { checkGradients, describeBackends, expectClose, expectNoTensorLeak } from '@seq2seq/backend/testing';
import { expect, it } from 'vitest';
import { MultiHeadSelfAttention } from './index';

type Matrix = number[][];

const random = (rng: Rng, shape: number[]): tf.Tensor =>
  tf.tensor(rng.uniformArray(shape.reduce((a, b) => a * b, 1), -1, 1), shape);

const matmul = (a: Matrix, b: Matrix): Matrix => a.map((row) => b[0]!.map((_, j) => row.reduce((s, x, k) => s + x * b[k]![j]!, 0)));
const addBias = (a: Matrix, bias: number[]): Matrix => a.map((row) => row.map((x, j) => x + bias[j]!));

/** Naive multi-head self-attention of one sequence `x: [time, features]` over its first `n` positions. */
async function reference(mha: MultiHeadSelfAttention, x: Matrix, n: number): Promise<Matrix> {
  const F = mha.inputSize;
  const d = F / mha.numHeads;
  const qkv = addBias(matmul(x, (await mha.qkv.kernel.array()) as Matrix), (await mha.qkv.bias!.array()) as number[]); // [T, 3F]
  const merged = x.map(() => new Array<number>(F).fill(0));
  for (let h = 0; h < mha.numHeads; h++) {
    const part = (row: number[], which: number) => row.slice(which * F + h * d, which * F + (h + 1) * d);
    x.forEach((_, i) => {
      const q = part(qkv[i]!, 0);
      const scores = qkv.slice(0, n).map((row) => part(row, 1).reduce((s, k, j) => s + k * q[j]!, 0) / Math.sqrt(d));
      const max = Math.max(...scores);
      const w = scores.map((s) => Math.exp(s - max));
      const z = w.reduce((a, b) => a + b, 0);
      for (let j = 0; j < d; j++) merged[i]![h * d + j] = qkv.slice(0, n).reduce((s, row, t) => s + (w[t]! / z) * part(row, 2)[j]!, 0);
    });
  }
  return addBias(matmul(merged, (await mha.out.kernel.array()) as Matrix), (await mha.out.bias!.array()) as number[]);
}

describeBackends('MultiHeadSelfAttention', ({ tolerance }) => {
  const tol = Math.max(tolerance, 1e-5) * 10;

  it('matches a naive per-head implementation, padding keys masked', async () => {
    const rng = new Rng(1);
    const mha = new MultiHeadSelfAttention({ inputSize: 6, numHeads: 2, rng });
    const x = random(rng, [2, 4, 6]) as tf.Tensor3D;
    const y = mha.apply(x, { lengths: [4, 3] });
    expect(y.shape).toEqual([2, 4, 6]);
    const xs = (await x.array()) as Matrix[];
    const ys = (await y.array()) as Matrix[];
    for (const [b, n] of [[0, 4], [1, 3]] as const) {
      const want = await reference(mha, xs[b]!, n);
      expectClose(ys[b]!.slice(0, n), want.slice(0, n), tol);
    }
    tf.dispose([x, y]);
    mha.dispose();
  });

  it('is permutation-equivariant and ignores whatever the padding holds', async () => {
    const rng = new Rng(2);
    const mha = new MultiHeadSelfAttention({ inputSize: 8, numHeads: 4, rng });
    const x = random(rng, [1, 5, 8]) as tf.Tensor3D;
    const order = [3, 0, 4, 1, 2];
    const permuted = tf.gather(x, order, 1) as tf.Tensor3D;
    const y = (await mha.apply(x).array()) as Matrix[];
    const yp = (await mha.apply(permuted).array()) as Matrix[];
    expectClose(yp[0]!, order.map((i) => y[0]![i]!), tol);
    // Two padding rows of noise after three real points change nothing at the real points.
    const real = tf.slice(x, [0, 0, 0], [1, 3, 8]) as tf.Tensor3D;
    const padded = tf.concat([real, random(rng, [1, 2, 8])], 1) as tf.Tensor3D;
    const alone = (await mha.apply(real).array()) as Matrix[];
    const withPadding = (await mha.apply(padded, { lengths: [3] }).array()) as Matrix[];
    expectClose(withPadding[0]!.slice(0, 3), alone[0]!, tol);
    tf.dispose([x, permuted, real, padded]);
    mha.dispose();
  });

  it('gradients match finite differences', async () => {
    const rng = new Rng(3);
    const mha = new MultiHeadSelfAttention({ inputSize: 4, numHeads: 2, rng });
    const x = random(rng, [2, 3, 4]) as tf.Tensor3D;
    const w = random(rng, [2, 3, 4]);
    await checkGradients(() => tf.tidy(() => tf.sum(tf.mul(mha.apply(x, { lengths: [3, 2] }), w)) as tf.Scalar), {
      qkvKernel: mha.qkv.kernel,
      qkvBias: mha.qkv.bias!,
      outKernel: mha.out.kernel,
    });
    tf.dispose([x, w]);
    mha.dispose();
  });

  it('rejects bad sizes and inputs with the expected shape, and leaks nothing', async () => {
    expect(() => new MultiHeadSelfAttention({ inputSize: 6, numHeads: 4 })).toThrow(InputError);
    expect(() => new MultiHeadSelfAttention({ inputSize: 6, numHeads: 4 })).toThrow(/'inputSize' \(6\) must be a multiple of 'numHeads' \(4\)/);
    const mha = new MultiHeadSelfAttention({ inputSize: 4, numHeads: 2 });
    const bad = tf.zeros([2, 3, 5]) as tf.Tensor3D;
    expect(() => mha.apply(bad)).toThrow("argument 'x' must have shape [batch=2, time=3, 4], got [2, 3, 5]");
    const x = tf.ones([2, 3, 4]) as tf.Tensor3D;
    await expectNoTensorLeak(() => {
      mha.apply(x, { lengths: [3, 1] }).dispose();
    });
    tf.dispose([bad, x]);
    mha.dispose();
  });
});
