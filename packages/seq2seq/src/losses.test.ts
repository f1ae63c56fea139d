import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, expectClose, expectNoTensorLeak } from '@seq2seq/backend/testing';
import { Rng, ShapeError, InputError } from '@seq2seq/core';
import { expect, it } from 'vitest';
import { maskedCrossEntropy } from './losses';

/**
 * The loss computed in float64 from plain arrays, straight from the formula:
 * `-sum_n m_n sum_v q_{n,v} log softmax(x_n)_v / max(sum m, 1)`, `q = (1 - eps) onehot + eps / V`.
 */
function referenceLoss(logits: number[][], targets: number[], mask: number[] | null, eps = 0): number {
  let total = 0;
  let weight = 0;
  logits.forEach((row, n) => {
    const max = Math.max(...row);
    const lse = max + Math.log(row.reduce((s, x) => s + Math.exp(x - max), 0));
    const v = row.length;
    let nll = 0;
    row.forEach((x, k) => {
      const q = (k === targets[n] ? 1 - eps : 0) + eps / v;
      nll -= q * (x - lse);
    });
    const m = mask ? mask[n]! : 1;
    total += m * nll;
    weight += m;
  });
  return mask ? total / Math.max(weight, 1) : total / logits.length;
}

const B = 2;
const T = 3;
const V = 5;
const rng = new Rng(11);
/** `[B * T][V]` logits with a spread that makes the targets neither certain nor hopeless. */
const LOGITS = Array.from({ length: B * T }, () => Array.from({ length: V }, () => rng.uniform(-3, 3)));
const TARGETS = [4, 0, 2, 1, 3, 3];
const MASK = [1, 1, 0, 1, 0, 0];

const logitsT = () => tf.tensor3d(LOGITS.flat(), [B, T, V]);
const targetsT = () => tf.tensor2d(TARGETS, [B, T], 'int32');
const maskT = () => tf.tensor2d(MASK, [B, T]);

describeBackends('maskedCrossEntropy', ({ tolerance }) => {
  it('equals the formula without a mask (mean over all positions), for rank 3 and rank 2 logits', async () => {
    const [x, y] = [logitsT(), targetsT()];
    await expectClose(maskedCrossEntropy(x, y), referenceLoss(LOGITS, TARGETS, null), tolerance);
    const flat = tf.tensor2d(LOGITS.flat(), [B * T, V]);
    const flatTargets = tf.tensor1d(TARGETS, 'int32');
    await expectClose(maskedCrossEntropy(flat, flatTargets), referenceLoss(LOGITS, TARGETS, null), tolerance);
    tf.dispose([x, y, flat, flatTargets]);
  });

  it('averages over unmasked positions only; masked logits and targets change nothing', async () => {
    const [x, y, m] = [logitsT(), targetsT(), maskT()];
    const expected = referenceLoss(LOGITS, TARGETS, MASK);
    const loss = maskedCrossEntropy(x, y, m);
    await expectClose(loss, expected, tolerance);
    // Scramble every masked position (large logits, other targets): the loss stays the same,
    // although those positions alone would change an unmasked mean by a lot.
    const scrambled = LOGITS.map((row, n) => (MASK[n] ? row : row.map((_, k) => 40 * (k - 2))));
    const otherTargets = TARGETS.map((t, n) => (MASK[n] ? t : (t + 1) % V));
    expect(Math.abs(referenceLoss(scrambled, otherTargets, null) - referenceLoss(LOGITS, TARGETS, null))).toBeGreaterThan(1);
    const x2 = tf.tensor3d(scrambled.flat(), [B, T, V]);
    const y2 = tf.tensor2d(otherTargets, [B, T], 'int32');
    await expectClose(maskedCrossEntropy(x2, y2, m), expected, tolerance);
    // An all-zero mask gives 0, not NaN (the denominator is clamped at 1).
    const none = tf.zeros([B, T]);
    await expectClose(maskedCrossEntropy(x, y, none), 0, tolerance);
    tf.dispose([x, y, m, x2, y2, none, loss]);
  });

  it('label smoothing matches q = (1 - eps) onehot + eps / V', async () => {
    const [x, y, m] = [logitsT(), targetsT(), maskT()];
    for (const eps of [0.1, 0.5]) {
      const expected = referenceLoss(LOGITS, TARGETS, MASK, eps);
      expect(Math.abs(expected - referenceLoss(LOGITS, TARGETS, MASK))).toBeGreaterThan(0.01);
      await expectClose(maskedCrossEntropy(x, y, m, { labelSmoothing: eps }), expected, tolerance);
    }
    tf.dispose([x, y, m]);
  });

  it('has the gradient of the formula: matches central finite differences, zero on masked rows', async () => {
    const [x, y, m] = [logitsT(), targetsT(), maskT()];
    const eps = 0.1;
    const grad = tf.grad((l: tf.Tensor) => maskedCrossEntropy(l, y, m, { labelSmoothing: eps }))(x);
    const h = 1e-5;
    const numeric = LOGITS.map((row, n) =>
      row.map((_, k) => {
        const shifted = (d: number) => LOGITS.map((r, i) => (i === n ? r.map((v, j) => (j === k ? v + d : v)) : r));
        return (referenceLoss(shifted(h), TARGETS, MASK, eps) - referenceLoss(shifted(-h), TARGETS, MASK, eps)) / (2 * h);
      }),
    );
    expect(numeric[2]!.every((g) => g === 0)).toBe(true); // position 2 is masked
    await expectClose(grad, numeric.flat(), Math.max(tolerance, 1e-5));
    tf.dispose([x, y, m, grad]);
  });

  it('rejects bad shapes and dtypes with errors naming the argument', () => {
    const [x, y, m] = [logitsT(), targetsT(), maskT()];
    const floatTargets = tf.zeros([B, T]);
    const shortTargets = tf.zeros([B, T + 1], 'int32');
    const intMask = tf.ones([B, T], 'int32');
    const wideMask = tf.ones([B, T + 1]);
    const intLogits = tf.zeros([B, T, V], 'int32');
    expect(() => maskedCrossEntropy(x, floatTargets)).toThrow(ShapeError);
    expect(() => maskedCrossEntropy(x, floatTargets)).toThrow(/argument 'targets' must have dtype int32, got float32/);
    expect(() => maskedCrossEntropy(x, shortTargets)).toThrow(/maskedCrossEntropy: argument 'targets' must have shape \[batch=2, time=3\], got \[2, 4\]/);
    expect(() => maskedCrossEntropy(x, y, intMask)).toThrow(/argument 'mask' must have dtype float32, got int32/);
    expect(() => maskedCrossEntropy(x, y, wideMask)).toThrow(/argument 'mask' must have shape \[batch=2, time=3\]/);
    expect(() => maskedCrossEntropy(intLogits, y)).toThrow(/argument 'logits' must have dtype float32/);
    expect(() => maskedCrossEntropy(x, y, m, { labelSmoothing: 1 })).toThrow(InputError);
    expect(() => maskedCrossEntropy(x, y, m, { labelSmoothing: -0.1 })).toThrow(/'labelSmoothing' must be a finite number in \[0, 0.999\]/);
    tf.dispose([x, y, m, floatTargets, shortTargets, intMask, wideMask, intLogits]);
  });

  it('leaks no tensors, forward or backward', async () => {
    const [x, y, m] = [logitsT(), targetsT(), maskT()];
    await expectNoTensorLeak(() => maskedCrossEntropy(x, y, m, { labelSmoothing: 0.1 }));
    await expectNoTensorLeak(() => tf.grad((l: tf.Tensor) => maskedCrossEntropy(l, y, m))(x));
    tf.dispose([x, y, m]);
  });
});
