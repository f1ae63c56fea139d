import * as tf from '@tensorflow/tfjs-core';
import { InputError, Rng, ShapeError } from '@seq2seq/core';
import { describeBackends, expectClose, expectNoTensorLeak, checkGradients } from '@seq2seq/backend/testing';
import { expect, it } from 'vitest';
import { refAttention, type Matrix, type RefParams } from '../test/reference';
import { AdditiveAttention, Attention, GeneralAttention, dot, scaledDot, type AttentionKind } from './index';

const KINDS: AttentionKind[] = ['dot', 'scaledDot', 'general', 'additive'];

const random = (rng: Rng, shape: number[]): tf.Tensor =>
  tf.tensor(rng.uniformArray(shape.reduce((a, b) => a * b, 1), -1, 1), shape);

/** Sizes: batch 2, source 5, target 3; decoder size differs from encoder size where allowed. */
function setup(kind: AttentionKind, seed = 1) {
  const rng = new Rng(seed);
  const De = 4;
  const Dd = kind === 'general' || kind === 'additive' ? 3 : De;
  const att = new Attention({ kind, encoderSize: De, decoderSize: Dd, attentionSize: 6, rng });
  const e = random(rng, [2, 5, De]) as tf.Tensor3D;
  const d = random(rng, [2, 3, Dd]) as tf.Tensor3D;
  return { att, e, d, De, Dd };
}

async function refParams(att: Attention): Promise<RefParams> {
  return {
    W: att.W ? ((await att.W.array()) as Matrix) : undefined,
    W1: att.W1 ? ((await att.W1.array()) as Matrix) : undefined,
    W2: att.W2 ? ((await att.W2.array()) as Matrix) : undefined,
    v: att.v ? ((await att.v.array()) as number[]) : undefined,
  };
}

describeBackends('Attention', ({ tolerance }) => {
  const tol = Math.max(tolerance, 1e-5) * 10;

  for (const kind of KINDS) {
    it(`${kind}: matches the equations, with and without a mask`, async () => {
      const { att, e, d } = setup(kind);
      const p = await refParams(att);
      const es = (await e.array()) as Matrix[];
      const ds = (await d.array()) as Matrix[];
      const lengths = [5, 3];
      for (const mask of [null, { lengths }] as const) {
        const { context, weights } = att.apply(e, d, mask ?? {});
        expect(context.shape).toEqual([2, 3, 4]);
        expect(weights.shape).toEqual([2, 3, 5]);
        const ref = es.map((eb, b) => refAttention(kind, eb, ds[b]!, mask ? [0, 1, 2, 3, 4].map((t) => (t < lengths[b]! ? 1 : 0)) : null, p));
        await expectClose(weights, ref.map((r) => r.weights), tol);
        await expectClose(context, ref.map((r) => r.context), tol);
        tf.dispose([context, weights]);
      }
      tf.dispose([e, d]);
      att.dispose();
    });

    it(`${kind}: the all-steps and step forms agree`, async () => {
      const { att, e, d } = setup(kind, 2);
      const mask = tf.tensor2d([[1, 1, 0, 1, 0], [1, 1, 1, 1, 1]]);
      const all = att.apply(e, d, { mask });
      const state = att.prepare(e, { mask });
      for (let s = 0; s < 3; s++) {
        const ds = tf.tidy(() => tf.squeeze(tf.slice(d, [0, s, 0], [-1, 1, -1]), [1]));
        const step = att.step(ds, state);
        expect(step.weights.shape).toEqual([2, 5]);
        expect(step.context.shape).toEqual([2, 4]);
        const [wAll, cAll] = tf.tidy(() => [
          tf.squeeze(tf.slice(all.weights, [0, s, 0], [-1, 1, -1]), [1]),
          tf.squeeze(tf.slice(all.context, [0, s, 0], [-1, 1, -1]), [1]),
        ]);
        await expectClose(step.weights, wAll!, tol);
        await expectClose(step.context, cAll!, tol);
        tf.dispose([ds, step.weights, step.context, wAll!, cAll!]);
      }
      state.dispose();
      expect(state.isDisposed).toBe(true);
      tf.dispose([e, d, mask, all.context, all.weights]);
      att.dispose();
    });

    it(`${kind}: gradients match finite differences`, async () => {
      const { att, e, d } = setup(kind, 3);
      const ev = tf.variable(e);
      const dv = tf.variable(d);
      const rng = new Rng(9);
      const rc = random(rng, [2, 3, 4]);
      const rw = random(rng, [2, 3, 5]);
      const mask = { lengths: [4, 5] };
      const loss = () =>
        tf.tidy(() => {
          const { context, weights } = att.apply(ev, dv, mask);
          return tf.add(tf.sum(tf.mul(context, rc)), tf.sum(tf.mul(weights, rw))) as tf.Scalar;
        });
      const vars: Record<string, tf.Variable> = { encoderStates: ev, decoderStates: dv };
      for (const [name, v] of att.namedParameters()) vars[name] = v;
      await checkGradients(loss, vars);
      // The step form has the same gradients.
      const stepLoss = () =>
        tf.tidy(() => {
          const state = att.prepare(ev, mask);
          const parts = tf.unstack(dv, 1).map((ds, s) => {
            const { context, weights } = att.step(ds, state);
            const rcs = tf.squeeze(tf.slice(rc, [0, s, 0], [-1, 1, -1]), [1]);
            const rws = tf.squeeze(tf.slice(rw, [0, s, 0], [-1, 1, -1]), [1]);
            return tf.add(tf.sum(tf.mul(context, rcs)), tf.sum(tf.mul(weights, rws)));
          });
          state.dispose();
          return tf.addN(parts) as tf.Scalar;
        });
      await checkGradients(stepLoss, vars, { samples: 3 });
      tf.dispose([e, d, ev, dv, rc, rw]);
      att.dispose();
    });
  }

  it('dot and scaledDot functions are the lecture rule and its scaled version', async () => {
    // One source position per unit vector: e_t . d_s picks coordinate t of d_s.
    const e = tf.tensor3d([[[1, 0], [0, 1]]]);
    const d = tf.tensor3d([[[Math.log(3), 0]]]);
    const r = dot(e, d);
    await expectClose(r.weights, [[[0.75, 0.25]]], tol);
    await expectClose(r.context, [[[0.75, 0.25]]], tol);
    const s = scaledDot(e, d);
    const w = 3 ** (1 / Math.sqrt(2));
    await expectClose(s.weights, [[[w / (w + 1), 1 / (w + 1)]]], tol);
    tf.dispose([e, d, r.context, r.weights, s.context, s.weights]);
  });

  it('masked positions get weight exactly 0; a single free position gets exactly 1', async () => {
    const { att, e, d } = setup('additive', 4);
    const masks = [
      tf.tensor2d([[0, 0, 1, 0, 0], [1, 0, 0, 0, 0]]), // float32
      tf.tensor2d([[0, 0, 1, 0, 0], [1, 0, 0, 0, 0]], undefined, 'int32'),
      tf.tensor2d([[false, false, true, false, false], [true, false, false, false, false]], undefined, 'bool'),
    ];
    const expected = [[[0, 0, 1, 0, 0]], [[1, 0, 0, 0, 0]]].map((row) => [row[0], row[0], row[0]]);
    for (const mask of masks) {
      const { weights, context } = att.apply(e, d, { mask });
      expect(Array.from(await weights.data())).toEqual(expected.flat(2)); // exact, not close
      const state = att.prepare(e, { mask });
      const step = att.step(tf.tidy(() => tf.squeeze(tf.slice(d, [0, 0, 0], [-1, 1, -1]), [1])), state);
      expect(Array.from(await step.weights.data())).toEqual([0, 0, 1, 0, 0, 1, 0, 0, 0, 0]);
      state.dispose();
      tf.dispose([weights, context, step.weights, step.context]);
    }
    // Partly masked rows: zeros where masked, rows sum to 1.
    const { weights } = att.apply(e, d, { lengths: [2, 4] });
    const w = (await weights.array()) as number[][][];
    for (const [b, n] of [[0, 2], [1, 4]] as const) {
      for (const row of w[b]!) {
        expect(row.slice(n).every((x) => x === 0)).toBe(true);
        expect(row.slice(0, n).every((x) => x > 0)).toBe(true);
        expect(row.reduce((a, x) => a + x, 0)).toBeCloseTo(1, 5);
      }
    }
    tf.dispose([e, d, weights, ...masks]);
    att.dispose();
  });

  it('selectRows gives the state prepare makes of the picked sources (every kind), and checks its rows', async () => {
    for (const kind of ['dot', 'general', 'additive'] as const) {
      const att = new Attention({ kind, encoderSize: 6, decoderSize: 6, rng: new Rng(4) });
      const e = tf.randomNormal([3, 4, 6], 0, 1, 'float32', 11) as tf.Tensor3D;
      const lengths = [4, 2, 3];
      const rows = Int32Array.from([2, 0, 2]);
      const all = att.prepare(e, { lengths });
      const picked = att.selectRows(all, rows);
      const direct = att.prepare(tf.gather(e, Array.from(rows)), { lengths: Array.from(rows, (r) => lengths[r]!) });
      const d = tf.randomNormal([3, 6], 0, 1, 'float32', 12) as tf.Tensor2D;
      const a = att.step(d, picked);
      const b = att.step(d, direct);
      await expectClose(a.weights, await b.weights.array(), 1e-6);
      await expectClose(a.context, await b.context.array(), 1e-6);
      expect(picked.batch).toBe(3);
      let picks = 0;
      const counted = att.selectRows(all, rows, { pick: (x, r) => (picks++, tf.gather(x, Array.from(r))) });
      expect(picks).toBe(3); // encoder states, keys, mask
      const c = att.step(d, counted);
      await expectClose(c.weights, await b.weights.array(), 1e-6);
      tf.dispose([c.weights, c.context]);
      counted.dispose();
      expect(() => att.selectRows(all, Int32Array.from([3]))).toThrow(/selectRows: rows\[0\] must be an integer in \[0, 2\], got 3/);
      await expectNoTensorLeak(() => att.selectRows(all, rows).dispose());
      tf.dispose([e, d, a.weights, a.context, b.weights, b.context]);
      for (const st of [all, picked, direct]) st.dispose();
      att.dispose();
    }
  });

  it('a row with every position masked is an InputError, not NaN', () => {
    const { att, e, d } = setup('general', 5);
    const mask = tf.tensor2d([[1, 1, 1, 1, 1], [0, 0, 0, 0, 0]]);
    expect(() => att.apply(e, d, { mask })).toThrow(InputError);
    expect(() => att.apply(e, d, { mask })).toThrow(/'mask' leaves row 1 with every source position masked/);
    expect(() => att.prepare(e, { lengths: [0, 5] })).toThrow(/'lengths' leaves row 0/);
    expect(() => att.prepare(e, { lengths: [2, 6] })).toThrow(InputError);
    tf.dispose([e, d, mask]);
    att.dispose();
  });

  it('shape errors name the argument and the expected shape', () => {
    const { att, e, d } = setup('additive', 6);
    const bad = tf.zeros([2, 3, 5]);
    expect(() => att.apply(e, bad)).toThrow(ShapeError);
    expect(() => att.apply(e, bad)).toThrow(/AdditiveAttention.apply: argument 'decoderStates' must have shape \[batch=2, targetTime=3, 3\], got \[2, 3, 5\]/);
    expect(() => att.apply(bad, d)).toThrow(/argument 'encoderStates' must have shape \[batch=2, sourceTime=3, 4\], got \[2, 3, 5\]/);
    expect(() => att.apply(e, d, { mask: tf.zeros([2, 4]) })).toThrow(/argument 'mask' must have shape \[2, 5\], got \[2, 4\]/);
    expect(() => att.apply(e, d, { mask: tf.ones([2, 5]), lengths: [5, 5] })).toThrow(/AdditiveAttention.apply: give either 'mask' or 'lengths', not both/);
    expect(() => att.apply(e, d, tf.ones([2, 5]) as never)).toThrow(/masks are passed in the options object/);
    expect(() => att.apply(e, d, { lengths: [5] })).toThrow(InputError);
    expect(() => att.apply(e, d, { lengths: [5] })).toThrow(/'lengths' must have one entry per batch row \(2\)/);
    const state = att.prepare(e);
    expect(() => att.step(tf.zeros([2, 4]), state)).toThrow(/AdditiveAttention.step: argument 'decoderState' must have shape \[2, 3\], got \[2, 4\]/);
    expect(() => new AdditiveAttention({ encoderSize: 4, decoderSize: 3 }).step(tf.zeros([2, 3]), state)).toThrow(/'state' must come from prepare\(\) of this module/);
    state.dispose();
    expect(() => att.step(tf.zeros([2, 3]), state)).toThrow(/'state' has been disposed/);
    expect(() => dot(e, tf.zeros([2, 3, 3]))).toThrow(/^dot: argument 'decoderStates' must have shape \[batch=2, targetTime=3, dim=4\], got \[2, 3, 3\]/);
    expect(() => new Attention({ kind: 'dot', encoderSize: 4, decoderSize: 3 })).toThrow(/'decoderSize' \(3\) must equal 'encoderSize' \(4\)/);
    expect(() => new Attention({ kind: 'general' })).toThrow(/'encoderSize' is required/);
    expect(() => new Attention({ kind: 'cosine' as AttentionKind })).toThrow(/'kind' must be one of/);
    tf.dispose([e, d, bad]);
    att.dispose();
  });

  it('names its parameters and exposes its sizes', () => {
    const g = new GeneralAttention({ encoderSize: 4, decoderSize: 3 });
    expect(g.namedParameters().map(([n, v]) => [n, v.shape])).toEqual([['W', [4, 3]]]);
    const a = new AdditiveAttention({ encoderSize: 4, decoderSize: 3, attentionSize: 7 });
    expect(a.namedParameters().map(([n, v]) => [n, v.shape])).toEqual([['W1', [4, 7]], ['W2', [3, 7]], ['v', [7]]]);
    expect(new AdditiveAttention({ encoderSize: 4, decoderSize: 3 }).attentionSize).toBe(3);
    expect(new Attention().kind).toBe('dot');
    g.dispose();
    a.dispose();
  });

  it('leaves no tensors behind across repeated calls', async () => {
    for (const kind of KINDS) {
      const { att, e, d } = setup(kind, 7);
      const mask = tf.tensor2d([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]]);
      await expectNoTensorLeak(() => att.apply(e, d, { mask }), { iterations: 3 });
      await expectNoTensorLeak(() => att.apply(e, d, { lengths: [3, 5] }), { iterations: 3 });
      await expectNoTensorLeak(() => {
        const state = att.prepare(e, { mask });
        const ds = tf.zeros([2, d.shape[2]]);
        const out = [att.step(ds, state), att.step(ds, state)];
        state.dispose();
        ds.dispose();
        return out.flatMap((o) => [o.context, o.weights]);
      }, { iterations: 3 });
      if (att.parameters().length > 0) {
        await expectNoTensorLeak(() => {
          const { value, grads } = tf.variableGrads(() => tf.sum(att.apply(e, d, { mask }).context) as tf.Scalar, att.parameters());
          return [value, ...Object.values(grads)];
        }, { iterations: 2 });
      }
      tf.dispose([e, d, mask]);
      att.dispose();
    }
  });
});
