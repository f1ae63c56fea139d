/**
 * The spatial LSTM on the native kernels (native.ts): on WASM a run is one native forward kernel
 * per layer (and one backward when training), and its outputs and gradients (every weight of
 * every layer, and the input) equal those of the per-diagonal tfjs path within 1e-5, for grids
 * of one position, one row, one column and non-square grids, batch 1, one to three layers and
 * hidden sizes off the 4-lane and 32-column grids; `step` (generation) is one native call per
 * layer and equals the tfjs step; it matches finite differences and leaks nothing. On other backends the tfjs path runs (and these tests check it against itself).
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkGradients, describeBackends, expectClose, expectNoTensorLeak } from '@seq2seq/backend/testing';
import { Rng, uniform } from '@seq2seq/core';
import { expect, it } from 'vitest';
import { setNativeKernelMode, type NativeKernelMode } from '../native/kernels';
import { SpatialLstm } from './spatial-lstm';

const FORWARD = 'Seq2SeqCellsSpatialLstmForward';
const BACKWARD = 'Seq2SeqCellsSpatialLstmBackward';
const STEP = 'Seq2SeqCellsSpatialLstmStep';

function model(inputSize: number, hiddenSize: number, numLayers: number, seed: number): SpatialLstm {
  return new SpatialLstm({ inputSize, hiddenSize, numLayers, biasInit: uniform(0.5), rng: new Rng(seed) });
}

function withMode<T>(mode: NativeKernelMode, fn: () => T): T {
  const previous = setNativeKernelMode(mode);
  try {
    return fn();
  } finally {
    setNativeKernelMode(previous);
  }
}

/** Output, loss and the gradients of every weight and of the input of `sum(apply(x) * r)`. */
function run(m: SpatialLstm, x: tf.Variable, r: tf.Tensor4D): tf.Tensor[] {
  const y = m.apply(x as unknown as tf.Tensor4D);
  const vars = [...m.parameters(), x];
  const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(m.apply(x as unknown as tf.Tensor4D), r)) as tf.Scalar, vars);
  return [y, value, ...vars.map((v) => grads[v.name]!)];
}

/** [batch, height, width, hidden, layers]. */
const CASES: Array<[number, number, number, number, number]> = [
  [2, 1, 1, 5, 1], // one position
  [2, 1, 6, 8, 2], // one row
  [3, 5, 1, 4, 1], // one column
  [1, 4, 4, 3, 1], // batch 1
  [2, 3, 7, 37, 2], // non-square; 5H = 185 is off the 32-column panels
  [5, 6, 4, 9, 3], // three layers
];

describeBackends('SpatialLstm on the native kernels', ({ backend }) => {
  it(`runs ${backend === 'wasm' ? 'natively on WASM' : `the tfjs path on ${backend}`}, forward and backward`, async () => {
    const m = model(2, 4, 2, 1);
    const x = tf.variable(tf.ones([2, 3, 4, 2]));
    const profile = await tf.profile(() => tf.dispose(tf.variableGrads(() => tf.sum(m.apply(x as unknown as tf.Tensor4D)) as tf.Scalar, m.trainableVariables()).grads));
    const names = profile.kernels.map((k) => k.name);
    const count = (name: string) => names.filter((n) => n === name).length;
    expect([count(FORWARD), count(BACKWARD)]).toEqual(backend === 'wasm' ? [2, 2] : [0, 0]);
    const never = await tf.profile(() => withMode('never', () => tf.dispose(m.apply(x as unknown as tf.Tensor4D))));
    expect(never.kernels.some((k) => k.name === FORWARD)).toBe(false);
    const xs = tf.ones([2, 2]) as tf.Tensor2D;
    const stepped = await tf.profile(() => tf.dispose(m.step(xs, null, null).flatMap((s) => [s.h, s.c])));
    expect(stepped.kernels.filter((k) => k.name === STEP).length).toBe(backend === 'wasm' ? 2 : 0);
    tf.dispose([x, xs]);
    m.dispose();
  });

  for (const [B, Hh, W, H, L] of CASES) {
    it(`batch ${B}, ${Hh}x${W}, hidden ${H}, ${L} layer(s): outputs and gradients = the tfjs path (1e-5)`, async () => {
      const rng = new Rng(B * 1000 + Hh * 100 + W * 10 + H);
      const m = model(3, H, L, H);
      const x = tf.variable(tf.tensor4d(rng.normalArray(B * Hh * W * 3), [B, Hh, W, 3]));
      const r = tf.tensor4d(rng.normalArray(B * Hh * W * H), [B, Hh, W, H]);
      const native = run(m, x, r);
      const tfjs = withMode('never', () => run(m, x, r));
      const names = ['h', 'loss', ...m.namedParameters().map(([n]) => n), 'x'];
      for (let k = 0; k < native.length; k++) {
        expect(native[k]!.shape, names[k]).toEqual(tfjs[k]!.shape);
        await expectClose(native[k]!, tfjs[k]!, 1e-5).catch((e: Error) => {
          throw new Error(`${names[k]}: ${e.message}`);
        });
      }
      tf.dispose([x, r, ...native, ...tfjs]);
      m.dispose();
    });
  }

  it('steps in raster order as the tfjs path does (two layers, batch 1 and 3, hidden 37)', async () => {
    for (const n of [1, 3]) {
      const m = model(3, 37, 2, n);
      const [Hh, W] = [3, 4];
      const rng = new Rng(n);
      const xs = Array.from({ length: Hh * W }, () => tf.tensor2d(rng.normalArray(n * 3), [n, 3]));
      const grid = (mode: NativeKernelMode) =>
        withMode(mode, () => {
          const rows: ReturnType<SpatialLstm['step']>[][] = [];
          for (let i = 0; i < Hh; i++) {
            rows.push([]);
            for (let j = 0; j < W; j++) rows[i]!.push(m.step(xs[i * W + j]!, i > 0 ? rows[i - 1]![j]! : null, j > 0 ? rows[i]![j - 1]! : null));
          }
          return rows.flat(2).flatMap((s) => [s.h, s.c]);
        });
      const native = grid('auto');
      const tfjs = grid('never');
      for (let k = 0; k < native.length; k++) await expectClose(native[k]!, tfjs[k]!, 1e-5);
      tf.dispose([...xs, ...native, ...tfjs]);
      m.dispose();
    }
  });

  it('has the gradients of finite differences (two layers, 3x5 grid, hidden 5)', async () => {
    const m = model(2, 5, 2, 4);
    const x = tf.variable(tf.tensor4d(new Rng(11).normalArray(2 * 3 * 5 * 2), [2, 3, 5, 2]));
    const r = tf.tensor4d(new Rng(12).normalArray(2 * 3 * 5 * 5), [2, 3, 5, 5]);
    const vars: Record<string, tf.Variable> = { x };
    for (const [name, v] of m.namedParameters()) vars[name] = v;
    await checkGradients(() => tf.sum(tf.mul(m.apply(x as unknown as tf.Tensor4D), r)) as tf.Scalar, vars, { samples: 8, eps: 1e-2, tol: 2e-2 });
    tf.dispose([x, r]);
    m.dispose();
  });

  it('leaks no tensors (inference, training, diagonal-major entry, steps)', async () => {
    const m = model(2, 3, 2, 5);
    const x = tf.ones([2, 3, 4, 2]) as tf.Tensor4D;
    const xd = tf.ones([3 * 4 * 2, 2]) as tf.Tensor2D;
    const xs = tf.ones([2, 2]) as tf.Tensor2D;
    await expectNoTensorLeak(() => {
      const y = m.apply(x);
      const yd = m.applyDiagonalMajor(xd, { batch: 2, height: 3, width: 4 });
      const { value, grads } = tf.variableGrads(() => tf.sum(m.apply(x)) as tf.Scalar, m.trainableVariables());
      const s0 = m.step(xs, null, null);
      const s1 = m.step(xs, s0, s0);
      return [y, yd, value, ...Object.values(grads), ...[...s0, ...s1].flatMap((s) => [s.h, s.c])];
    });
    tf.dispose([x, xd, xs]);
    m.dispose();
  });
});
