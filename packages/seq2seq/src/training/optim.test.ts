import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, expectClose, expectNoTensorLeak } from '@seq2seq/backend/testing';
import { Rng, WeightsError } from '@seq2seq/core';
import { expect, it } from 'vitest';
import { Adam } from './adam';
import { clipByGlobalNorm, globalNorm } from './clip';

describeBackends('clipByGlobalNorm', ({ tolerance }) => {
  // Global norm of {a: [3, 4], b: [[12]]} is sqrt(9 + 16 + 144) = 13.
  const grads = () => ({ a: tf.tensor1d([3, 4]), b: tf.tensor2d([[12]]) });

  it('scales every gradient by maxNorm / norm when the norm is larger', async () => {
    const g = grads();
    const { clipped, norm } = clipByGlobalNorm(g, 6.5);
    expect(norm).toBeCloseTo(13, 5);
    await expectClose(clipped.a!, [1.5, 2], tolerance);
    await expectClose(clipped.b!, [[6]], tolerance);
    const after = globalNorm(Object.values(clipped));
    await expectClose(after, 6.5, tolerance);
    tf.dispose([...Object.values(g), ...Object.values(clipped), after]);
  });

  it('leaves gradients at or below maxNorm alone (as new tensors)', async () => {
    const g = grads();
    for (const maxNorm of [13, 100]) {
      const { clipped, norm } = clipByGlobalNorm(g, maxNorm);
      expect(norm).toBeCloseTo(13, 5);
      expect(clipped.a).not.toBe(g.a);
      await expectClose(clipped.a!, [3, 4], 0);
      await expectClose(clipped.b!, [[12]], 0);
      tf.dispose(Object.values(clipped));
    }
    tf.dispose(Object.values(g));
  });

  it('returns a non-finite norm unclipped, for the divergence guard', async () => {
    const g = { a: tf.tensor1d([3, Number.NaN]), b: tf.tensor1d([1]) };
    const { clipped, norm } = clipByGlobalNorm(g, 1);
    expect(norm).toBeNaN();
    await expectClose(clipped.b!, [1], 0);
    tf.dispose([...Object.values(g), ...Object.values(clipped)]);
  });

  it('leaks no tensors', async () => {
    const g = grads();
    await expectNoTensorLeak(() => Object.values(clipByGlobalNorm(g, 1).clipped));
    tf.dispose(Object.values(g));
  });
});

/** Adam in float64 on one scalar, straight from Kingma and Ba (2015), Algorithm 1. */
function adamReference(p0: number, grads: number[], lr: number, b1: number, b2: number, eps: number): number[] {
  let [p, m, v] = [p0, 0, 0];
  return grads.map((g, i) => {
    const t = i + 1;
    m = b1 * m + (1 - b1) * g;
    v = b2 * v + (1 - b2) * g * g;
    p -= (lr * (m / (1 - b1 ** t))) / (Math.sqrt(v / (1 - b2 ** t)) + eps);
    return p;
  });
}

describeBackends('Adam', ({ tolerance }) => {
  const config = { beta1: 0.8, beta2: 0.9, epsilon: 0.05 }; // a large epsilon, so that it shows

  it('applies the Adam update of the formula for two steps on a scalar', async () => {
    const w = tf.variable(tf.scalar(1.5));
    const params = new Map([['w', w]]);
    const adam = new Adam(config);
    const expected = adamReference(1.5, [0.5, -2], 0.1, 0.8, 0.9, 0.05);
    for (const [i, g] of [0.5, -2].entries()) {
      const grad = tf.scalar(g);
      adam.apply(params, { w: grad }, 0.1);
      grad.dispose();
      await expectClose(w, expected[i]!, tolerance);
    }
    expect(adam.step).toBe(2);
    // The moments are there by parameter name: m = (1 - b1)(b1 g1 + g2), v likewise with g^2.
    const state = adam.getState();
    expect([...state.tensors.keys()].sort()).toEqual(['m.w', 'v.w']);
    await expectClose(state.tensors.get('m.w')!, 0.2 * (0.8 * 0.5 - 2), tolerance);
    await expectClose(state.tensors.get('v.w')!, 0.1 * (0.9 * 0.25 + 4), tolerance);
    adam.dispose();
    w.dispose();
  });

  it('getState / setState round-trip gives identical subsequent updates', async () => {
    const rng = new Rng(5);
    const shape = [2, 3];
    const init = rng.normalArray(6);
    const grad = () => tf.tensor(rng.normalArray(6), shape);
    const wa = tf.variable(tf.tensor(init, shape));
    const wb = tf.variable(tf.tensor(init, shape));
    const a = new Adam(config);
    for (let i = 0; i < 3; i++) {
      const g = grad();
      a.apply(new Map([['w', wa]]), { w: g }, 0.05);
      g.dispose();
    }
    // b starts from a's weights and state, as a resumed run does.
    wb.assign(wa);
    const b = new Adam(config);
    b.setState(a.getState(), new Map([['w', wb]]));
    expect(b.step).toBe(3);
    for (let i = 0; i < 2; i++) {
      const g = grad();
      a.apply(new Map([['w', wa]]), { w: g }, 0.05);
      b.apply(new Map([['w', wb]]), { w: g }, 0.05);
      g.dispose();
    }
    await expectClose(wb, await wa.data(), 0);
    // A state restored into the optimiser that produced it (its own live variables) also works.
    a.setState(a.getState(), new Map([['w', wa]]));
    await expectClose(a.getState().tensors.get('m.w')!, await b.getState().tensors.get('m.w')!.data(), 0);
    tf.dispose([wa, wb]);
    a.dispose();
    b.dispose();
  });

  it('setState rejects wrong shapes, unknown names and bad keys, and keeps its state then', async () => {
    const w = tf.variable(tf.zeros([2, 3]));
    const params = new Map([['w', w]]);
    const adam = new Adam();
    const g = tf.ones([2, 3]);
    adam.apply(params, { w: g }, 0.1);
    const before = await adam.getState().tensors.get('m.w')!.data();
    const wrong = tf.zeros([3, 2]);
    expect(() => adam.setState({ step: 7, tensors: new Map([['m.w', wrong]]) }, params)).toThrow(WeightsError);
    expect(() => adam.setState({ step: 7, tensors: new Map([['m.w', wrong]]) }, params)).toThrow(
      "Adam.setState: 'm.w' has shape [3, 2], expected [2, 3]",
    );
    expect(() => adam.setState({ step: 7, tensors: new Map([['m.other', g]]) }, params)).toThrow(/unexpected entry 'm.other'/);
    expect(() => adam.setState({ step: 7, tensors: new Map([['x.w', g]]) }, params)).toThrow(/unexpected entry 'x.w'/);
    expect(adam.step).toBe(1);
    await expectClose(adam.getState().tensors.get('m.w')!, before, 0);
    expect(() => adam.apply(params, { nope: g }, 0.1)).toThrow(/gradient for unknown parameter 'nope'/);
    tf.dispose([w, g, wrong]);
    adam.dispose();
  });

  it('leaks no tensors per update once its moments exist', async () => {
    const w = tf.variable(tf.zeros([4]));
    const g = tf.ones([4]);
    const adam = new Adam();
    await expectNoTensorLeak(() => adam.apply(new Map([['w', w]]), { w: g }, 0.01), { iterations: 3 });
    await expectNoTensorLeak(() => adam.setState(adam.getState(), new Map([['w', w]])), { iterations: 2 });
    adam.dispose();
    tf.dispose([w, g]);
  });
});
