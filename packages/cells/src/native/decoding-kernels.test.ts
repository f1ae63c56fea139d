/**
 * The kernels of a decoding step outside the recurrence: `linearLogSoftmax` (the output layer,
 * one native call on WASM) agrees with tfjs's `logSoftmax(x W + b)` within 1e-5, gives each row
 * the same numbers whatever the other rows (a sentence decodes alike in any batch), keeps NaN and
 * -inf as tfjs does; `pickRows` equals `tf.gather` exactly and refuses rows out of range. On CPU
 * both are the tfjs ops. No tensor leaks.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@seq2seq/core';
import { describeBackends, expectClose, expectNoTensorLeak } from '@seq2seq/backend/testing';
import { expect, it } from 'vitest';
import { DerivedWeights, linearLogSoftmax, pickRows } from '../ops';
import { nativeKernelsAvailable } from './kernels';

const reference = (x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D | null): tf.Tensor2D =>
  tf.tidy(() => tf.logSoftmax(b ? tf.add(tf.matMul(x, w), b) : tf.matMul(x, w)) as tf.Tensor2D);

describeBackends('decoding kernels', ({ backend }) => {
  // Sizes that exercise the 4-row blocks and the single rows, full and partial 32-column panels
  // and a vocabulary that is not a multiple of 4.
  for (const [rows, inSize, vocab] of [
    [1, 3, 5],
    [6, 16, 70],
    [9, 33, 131],
  ] as const) {
    it(`linearLogSoftmax [${rows}, ${inSize}] x [${inSize}, ${vocab}] = logSoftmax(x W + b) (1e-5)${backend === 'wasm' ? ', natively' : ''}`, async () => {
      expect(nativeKernelsAvailable()).toBe(backend === 'wasm');
      const x = tf.randomNormal([rows, inSize], 0, 1, 'float32', 1) as tf.Tensor2D;
      const w = tf.randomNormal([inSize, vocab], 0, 2, 'float32', 2) as tf.Tensor2D;
      const b = tf.randomNormal([vocab], 0, 1, 'float32', 3) as tf.Tensor1D;
      const cache = new DerivedWeights();
      for (const bias of [b, null]) {
        const got = linearLogSoftmax(x, w, bias, { cache });
        expect(got.shape).toEqual([rows, vocab]);
        await expectClose(got, await reference(x, w, bias).array(), 1e-5);
        got.dispose();
      }
      cache.dispose();
      tf.dispose([x, w, b]);
    });
  }

  it('linearLogSoftmax gives a row the same numbers alone and in any batch', async () => {
    const x = tf.randomNormal([7, 24], 0, 1, 'float32', 4) as tf.Tensor2D;
    const w = tf.randomNormal([24, 45], 0, 1, 'float32', 5) as tf.Tensor2D;
    const b = tf.randomNormal([45], 0, 1, 'float32', 6) as tf.Tensor1D;
    const cache = new DerivedWeights();
    const all = linearLogSoftmax(x, w, b, { cache });
    const batch = await all.array();
    for (let r = 0; r < 7; r++) {
      const one = tf.slice(x, [r, 0], [1, 24]);
      const alone = linearLogSoftmax(one, w, b, { cache });
      expect((await alone.array())[0]).toEqual(batch[r]);
      tf.dispose([one, alone]);
    }
    tf.dispose([x, w, b, all]);
    cache.dispose();
  });

  it('linearLogSoftmax: a NaN makes its row NaN, other rows stay finite; -inf logits stay -inf', async () => {
    const x = tf.tensor2d([[1, 2], [NaN, 0], [0.5, -1]]);
    const w = tf.tensor2d([[1, 0, -1, 2, 0.5], [0, 1, 1, -2, 3]]);
    const b = tf.tensor1d([0, 0, -Infinity, 0, 0]);
    const cache = new DerivedWeights();
    const got = (await linearLogSoftmax(x, w, b, { cache }).array()) as number[][];
    expect(got[1]!.every((v) => Number.isNaN(v))).toBe(true);
    for (const r of [0, 2]) {
      expect(got[r]![2]).toBe(-Infinity);
      expect(got[r]!.filter((_, j) => j !== 2).every(Number.isFinite)).toBe(true);
      expect(Math.abs(got[r]!.reduce((s, v) => s + Math.exp(v), 0) - 1)).toBeLessThan(1e-5);
    }
    tf.dispose([x, w, b]);
    cache.dispose();
  });

  it('linearLogSoftmax packs W once per weight value and leaks nothing', async () => {
    const x = tf.randomNormal([5, 8], 0, 1, 'float32', 7) as tf.Tensor2D;
    const w = tf.variable(tf.randomNormal([8, 40], 0, 1, 'float32', 8));
    const cache = new DerivedWeights();
    await expectNoTensorLeak(() => linearLogSoftmax(x, w as unknown as tf.Tensor2D, null, { cache }), { iterations: 3 });
    // A new weight value is packed anew: the result follows it.
    w.assign(tf.mul(w, 2));
    await expectClose(linearLogSoftmax(x, w as unknown as tf.Tensor2D, null, { cache }), await reference(x, w as unknown as tf.Tensor2D, null).array(), 1e-5);
    cache.dispose();
    tf.dispose([x, w]);
  });

  it('pickRows equals tf.gather along axis 0 (float32 and int32, rank 2 and 3, repeated rows)', async () => {
    const a = tf.randomNormal([6, 5], 0, 1, 'float32', 9) as tf.Tensor2D;
    const c = tf.randomNormal([4, 3, 7], 0, 1, 'float32', 10) as tf.Tensor3D;
    const ints = tf.tensor2d([[1, 2], [3, 4], [5, 6]], [3, 2], 'int32');
    const rows = Int32Array.from([5, 0, 0, 3]);
    expect(await pickRows(a, rows).array()).toEqual(await tf.gather(a, Array.from(rows)).array());
    expect(await pickRows(c, Int32Array.from([3, 1])).array()).toEqual(await tf.gather(c, [3, 1]).array());
    const pickedInts = pickRows(ints, Int32Array.from([2, 0]));
    expect(pickedInts.dtype).toBe('int32');
    expect(await pickedInts.array()).toEqual([[5, 6], [1, 2]]);
    expect(pickRows(a, new Int32Array(0)).shape).toEqual([0, 5]);
    await expectNoTensorLeak(() => pickRows(c, Int32Array.from([0, 2, 2])), { iterations: 3 });
    tf.dispose([a, c, ints]);
  });

  it('pickRows refuses a row out of range, naming it', () => {
    const a = tf.zeros([3, 2]) as tf.Tensor2D;
    expect(() => pickRows(a, Int32Array.from([0, 3]))).toThrow('pickRows: rows[1] must be an integer in [0, 2], got 3');
    expect(() => pickRows(a, Int32Array.from([-1]))).toThrow('pickRows: rows[0] must be an integer in [0, 2], got -1');
    a.dispose();
  });
});
