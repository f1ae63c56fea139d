import * as tf from '@tensorflow/tfjs-core';
import { InputError, Rng } from '@seq2seq/core';
import { describeBackends, expectClose, expectNoTensorLeak, checkGradients } from '@seq2seq/backend/testing';
import { expect, it } from 'vitest';
import { refPointer, type Matrix, type RefParams } from '../test/reference';
import { MASKED_LOGIT, Pointer, visitedMask, type AdditiveAttention } from './index';

const random = (rng: Rng, shape: number[]): tf.Tensor =>
  tf.tensor(rng.uniformArray(shape.reduce((a, b) => a * b, 1), -1, 1), shape);

async function params(a: AdditiveAttention): Promise<RefParams> {
  return {
    W1: (await a.W1!.array()) as Matrix,
    W2: (await a.W2!.array()) as Matrix,
    v: (await a.v!.array()) as number[],
  };
}

/** batch 2, n = 5 input positions, a tour of all 5 as targets. */
function setup(glimpses: number, clip: number | null, seed = 1) {
  const rng = new Rng(seed);
  const ptr = new Pointer({ encoderSize: 4, decoderSize: 3, attentionSize: 6, numGlimpses: glimpses, clip, rng });
  const e = random(rng, [2, 5, 4]) as tf.Tensor3D;
  const d = random(rng, [2, 5, 3]) as tf.Tensor3D;
  const targets = tf.tensor2d([[2, 0, 4, 1, 3], [1, 3, 0, 2, 4]], undefined, 'int32');
  return { ptr, e, d, targets };
}

describeBackends('Pointer', ({ tolerance }) => {
  const tol = Math.max(tolerance, 1e-5) * 10;

  it('visitedMask marks the positions chosen before each step', async () => {
    const m = visitedMask(tf.tensor2d([[2, 0, 1]], undefined, 'int32'), 3);
    expect(await m.array()).toEqual([[[0, 0, 0], [0, 0, 1], [1, 0, 1]]]);
    expect(() => visitedMask(tf.tensor2d([[0, 3]], undefined, 'int32'), 3)).toThrow(/'targets\[0\]\[1\]' must be an index in \[0, 2\], got 3/);
    expect(() => visitedMask(tf.tensor2d([[0, 1]]), 3)).toThrow(/argument 'targets' must have dtype int32/);
    m.dispose();
  });

  for (const [glimpses, clip] of [[0, null], [1, 10], [2, 2.5]] as const) {
    const name = `${glimpses} glimpse(s), clip ${clip}`;

    it(`${name}: matches the equations (u_j = v^T tanh(W1 e_j + W2 q)), masked and clipped`, async () => {
      const { ptr, e, d, targets } = setup(glimpses, clip);
      const chosen = visitedMask(targets, 5);
      const { logits, logProbs } = ptr.apply(e, d, { chosen, lengths: [5, 5] });
      expect(logits.shape).toEqual([2, 5, 5]);
      const es = (await e.array()) as Matrix[];
      const ds = (await d.array()) as Matrix[];
      const cs = (await chosen.array()) as number[][][];
      const gps = await Promise.all(ptr.glimpseModules.map(params));
      const pp = await params(ptr.scorer);
      const ref = es.map((eb, b) => ds[b]!.map((dbs, s) => refPointer(eb, dbs, cs[b]![s]!.map((c) => 1 - c), gps, pp, clip)));
      const lp = (await logProbs.array()) as number[][][];
      const lg = (await logits.array()) as number[][][];
      for (let b = 0; b < 2; b++) {
        for (let s = 0; s < 5; s++) {
          for (let j = 0; j < 5; j++) {
            if (cs[b]![s]![j]) {
              expect(lg[b]![s]![j]).toBe(MASKED_LOGIT);
              expect(Math.exp(lp[b]![s]![j]!)).toBe(0);
            } else {
              expect(lp[b]![s]![j]).toBeCloseTo(ref[b]![s]!.logProbs[j]!, 4);
              expect(lg[b]![s]![j]).toBeCloseTo(ref[b]![s]!.logits[j]!, 4);
              if (clip !== null) expect(Math.abs(lg[b]![s]![j]!)).toBeLessThanOrEqual(clip);
            }
          }
        }
        // Last step: one position left, probability exactly 1.
        expect(lp[b]![4]!.filter((x) => x === 0)).toHaveLength(1);
      }
      tf.dispose([e, d, targets, chosen, logits, logProbs]);
      ptr.dispose();
    });

    it(`${name}: the all-steps and step forms agree`, async () => {
      const { ptr, e, d, targets } = setup(glimpses, clip, 2);
      const mask = tf.tensor2d([[1, 1, 1, 1, 1], [1, 1, 1, 1, 0]]);
      // Row 1 has 4 real positions: point at them only, over 4 steps.
      const tgt = tf.tensor2d([[2, 0, 4, 1], [1, 3, 0, 2]], undefined, 'int32');
      const dd = tf.slice(d, [0, 0, 0], [-1, 4, -1]);
      const chosen = visitedMask(tgt, 5);
      const all = ptr.apply(e, dd, { mask, chosen });
      const state = ptr.prepare(e, { mask });
      const picked = [[0, 0, 0, 0, 0], [0, 0, 0, 0, 0]];
      const t = (await tgt.array()) as number[][];
      for (let s = 0; s < 4; s++) {
        const ds = tf.tidy(() => tf.squeeze(tf.slice(dd, [0, s, 0], [-1, 1, -1]), [1]));
        const chosenNow = tf.tensor2d(picked);
        const step = ptr.step(ds, state, { chosen: chosenNow });
        const ref = tf.tidy(() => tf.squeeze(tf.slice(all.logProbs, [0, s, 0], [-1, 1, -1]), [1]));
        await expectClose(step.logProbs, ref, tol);
        for (let b = 0; b < 2; b++) picked[b]![t[b]![s]!] = 1;
        tf.dispose([ds, chosenNow, step.logits, step.logProbs, ref]);
      }
      state.dispose();
      tf.dispose([e, d, dd, targets, tgt, mask, chosen, all.logits, all.logProbs]);
      ptr.dispose();
    });

    it(`${name}: gradients match finite differences`, async () => {
      const { ptr, e, d, targets } = setup(glimpses, clip, 3);
      const ev = tf.variable(e);
      const dv = tf.variable(d);
      const chosen = visitedMask(targets, 5);
      // Negative log-likelihood of the target tour, the teacher-forcing loss.
      const oneHot = tf.cast(tf.oneHot(targets as tf.Tensor2D, 5), 'float32');
      const loss = () => tf.tidy(() => tf.neg(tf.sum(tf.mul(ptr.apply(ev, dv, { chosen }).logProbs, oneHot))) as tf.Scalar);
      const vars: Record<string, tf.Variable> = { encoderStates: ev, decoderStates: dv };
      for (const [n, v] of ptr.namedParameters()) vars[n] = v;
      await checkGradients(loss, vars, { samples: 4 });
      tf.dispose([e, d, ev, dv, targets, chosen, oneHot]);
      ptr.dispose();
    });
  }

  it('every position chosen or padded is an InputError naming the arguments', () => {
    const { ptr, e, d, targets } = setup(1, null, 4);
    const state = ptr.prepare(e, { lengths: [2, 5] });
    const chosen = tf.tensor2d([[1, 1, 0, 0, 0], [0, 0, 0, 0, 0]]); // row 0: both real positions taken
    const d0 = tf.zeros([2, 3]);
    expect(() => ptr.step(d0, state, { chosen })).toThrow(InputError);
    expect(() => ptr.step(d0, state, { chosen })).toThrow(/Pointer.step: 'mask and chosen' leaves row 0 with every source position masked/);
    const all = tf.ones([2, 5, 5]);
    expect(() => ptr.apply(e, d, { chosen: all })).toThrow(/Pointer.apply: 'chosen' leaves row \[0, 0\]/);
    expect(() => ptr.apply(e, d, { chosen: tf.zeros([2, 5, 4]) })).toThrow(/argument 'chosen' must have shape \[batch=2, targetTime=5, sourceTime=5\]/);
    expect(() => ptr.apply(e, tf.zeros([2, 5, 4]))).toThrow(/Pointer.apply: argument 'decoderStates' must have shape \[batch=2, targetTime=5, 3\]/);
    expect(() => ptr.step(tf.zeros([2, 4]), state)).toThrow(/Pointer.step: argument 'decoderState' must have shape \[2, 3\]/);
    expect(() => new Pointer({ encoderSize: 4, clip: -1 })).toThrow(InputError);
    state.dispose();
    expect(() => ptr.step(d0, state)).toThrow(/'state' has been disposed/);
    tf.dispose([e, d, targets, chosen, d0, all]);
    ptr.dispose();
  });

  it('names its parameters: one additive attention per glimpse, then the pointer', () => {
    const ptr = new Pointer({ encoderSize: 4, decoderSize: 3, attentionSize: 5, numGlimpses: 2 });
    expect(ptr.namedParameters().map(([n, v]) => `${n}:${v.shape.join('x')}`)).toEqual([
      'glimpse0.W1:4x5', 'glimpse0.W2:3x5', 'glimpse0.v:5',
      'glimpse1.W1:4x5', 'glimpse1.W2:4x5', 'glimpse1.v:5',
      'pointer.W1:4x5', 'pointer.W2:4x5', 'pointer.v:5',
    ]);
    ptr.dispose();
  });

  it('leaves no tensors behind across repeated calls', async () => {
    const { ptr, e, d, targets } = setup(1, 10, 5);
    const chosen = visitedMask(targets, 5);
    await expectNoTensorLeak(() => ptr.apply(e, d, { chosen, lengths: [5, 5] }), { iterations: 3 });
    const mask = tf.tensor2d([[1, 1, 1, 1, 1], [1, 1, 1, 0, 1]]);
    await expectNoTensorLeak(() => {
      const state = ptr.prepare(e, { mask });
      const d0 = tf.zeros([2, 3]);
      const c = tf.tensor2d([[1, 0, 0, 0, 0], [0, 1, 0, 0, 0]]);
      const out = [ptr.step(d0, state), ptr.step(d0, state, { chosen: c })];
      state.dispose();
      tf.dispose([d0, c]);
      return out.flatMap((o) => [o.logits, o.logProbs]);
    }, { iterations: 3 });
    await expectNoTensorLeak(() => {
      const { value, grads } = tf.variableGrads(() => tf.sum(ptr.apply(e, d, { chosen }).logProbs) as tf.Scalar, ptr.parameters());
      return [value, ...Object.values(grads)];
    }, { iterations: 2 });
    tf.dispose([e, d, targets, chosen, mask]);
    ptr.dispose();
  });
});
