/**
 * SpatialLstm on every backend: the diagonal-batched run against the naive per-position
 * reference (several grid sizes, non-square, one and two layers), the raster-order `step` and
 * the diagonal-major entry against `apply`, gradients of the 2-D recurrence against finite
 * differences, no leaks, and errors that say what was expected.
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkGradients, describeBackends, expectClose, expectNoTensorLeak } from '@seq2seq/backend/testing';
import { InputError, Rng, ShapeError, uniform } from '@seq2seq/core';
import { expect, it } from 'vitest';
import { spatialLstmReference } from '../testing/spatial-reference';
import { diagonalPositions, diagonals } from './diagonals';
import { SpatialLstm, type SpatialState } from './spatial-lstm';

/** A model with non-zero biases everywhere (so every gate block matters). */
function model(inputSize: number, hiddenSize: number, numLayers: number, seed = 1): SpatialLstm {
  return new SpatialLstm({ inputSize, hiddenSize, numLayers, biasInit: uniform(0.5), rng: new Rng(seed) });
}

function reference(m: SpatialLstm, x: tf.Tensor4D): Float64Array {
  const w = m.getWeights();
  const layers = Array.from({ length: m.numLayers }, (_, l) => ({
    kernel: w.get(`l${l}.kernel`)!.dataSync(),
    recurrentKernel: w.get(`l${l}.recurrentKernel`)!.dataSync(),
    bias: w.get(`l${l}.bias`)!.dataSync(),
  }));
  const [batch, height, width, inputSize] = x.shape;
  return spatialLstmReference(layers, x.dataSync(), { batch, height, width, inputSize, hiddenSize: m.hiddenSize });
}

describeBackends('SpatialLstm', ({ tolerance }) => {
  it('lists the anti-diagonals of a grid', () => {
    expect(diagonals(2, 3).map((d) => [d.first, d.last, d.offset])).toEqual([[0, 0, 0], [0, 1, 1], [0, 1, 3], [1, 1, 5]]);
    expect(diagonalPositions(2, 3)).toEqual([[0, 0], [0, 1], [1, 0], [0, 2], [1, 1], [1, 2]]);
  });

  it('matches the naive per-position reference (grid sizes, one and two layers)', async () => {
    const rng = new Rng(3);
    for (const [height, width] of [[1, 1], [1, 5], [4, 1], [3, 5], [5, 3], [4, 4]] as const) {
      for (const numLayers of [1, 2]) {
        const m = model(3, 4, numLayers, height * 10 + width);
        const x = tf.tensor4d(rng.normalArray(2 * height * width * 3), [2, height, width, 3]);
        const y = m.apply(x);
        expect(y.shape).toEqual([2, height, width, 4]);
        await expectClose(y, Array.from(reference(m, x)), tolerance);
        tf.dispose([x, y]);
        m.dispose();
      }
    }
  });

  it('step in raster order gives the outputs of apply', async () => {
    const m = model(2, 3, 2);
    const [B, Hh, W] = [2, 3, 4];
    const x = tf.tensor4d(new Rng(5).normalArray(B * Hh * W * 2), [B, Hh, W, 2]);
    const y = m.apply(x);
    const rows: SpatialState[][][] = [];
    const outs: tf.Tensor[] = [];
    for (let i = 0; i < Hh; i++) {
      rows.push([]);
      for (let j = 0; j < W; j++) {
        const xij = tf.tidy(() => tf.reshape(tf.slice(x, [0, i, j, 0], [B, 1, 1, 2]), [B, 2]) as tf.Tensor2D);
        const s = m.step(xij, i > 0 ? rows[i - 1]![j]! : null, j > 0 ? rows[i]![j - 1]! : null);
        rows[i]!.push(s);
        outs.push(s[1]!.h);
        xij.dispose();
      }
    }
    const stepped = tf.tidy(() => tf.transpose(tf.reshape(tf.stack(outs), [Hh, W, B, 3]), [2, 0, 1, 3]));
    await expectClose(stepped, await y.array(), tolerance);
    tf.dispose([x, y, stepped, ...rows.flat(2).flatMap((s) => [s.h, s.c])]);
    m.dispose();
  });

  it('runs an input in diagonal-major order as apply runs the grid', async () => {
    const m = model(2, 3, 1);
    const [B, Hh, W] = [3, 4, 2];
    const values = new Rng(7).normalArray(B * Hh * W * 2);
    const x = tf.tensor4d(values, [B, Hh, W, 2]);
    const positions = diagonalPositions(Hh, W);
    const xs = new Float32Array(values.length);
    positions.forEach(([i, j], k) => {
      for (let b = 0; b < B; b++) for (let f = 0; f < 2; f++) xs[(k * B + b) * 2 + f] = values[((b * Hh + i) * W + j) * 2 + f]!;
    });
    const yd = m.applyDiagonalMajor(tf.tensor2d(xs, [Hh * W * B, 2]), { batch: B, height: Hh, width: W });
    const y = m.apply(x);
    const full = await y.data();
    const want: number[] = [];
    positions.forEach(([i, j]) => {
      for (let b = 0; b < B; b++) for (let f = 0; f < 3; f++) want.push(full[((b * Hh + i) * W + j) * 3 + f]!);
    });
    await expectClose(yd, want, tolerance);
    tf.dispose([x, y, yd]);
    m.dispose();
  });

  it('has the gradients of finite differences (weights of both layers and the input)', async () => {
    const m = model(2, 3, 2);
    const x = tf.variable(tf.tensor4d(new Rng(9).normalArray(2 * 3 * 4 * 2), [2, 3, 4, 2]));
    const r = tf.tensor4d(new Rng(10).normalArray(2 * 3 * 4 * 3), [2, 3, 4, 3]);
    const vars: Record<string, tf.Variable> = { x };
    for (const [name, v] of m.namedParameters()) vars[name] = v;
    await checkGradients(() => tf.sum(tf.mul(m.apply(x as unknown as tf.Tensor4D), r)) as tf.Scalar, vars, { samples: 6, eps: 1e-2, tol: 2e-2 });
    tf.dispose([x, r]);
    m.dispose();
  });

  it('leaks no tensors (build, run, gradients, step, dispose)', async () => {
    await expectNoTensorLeak(() => {
      const m = model(2, 3, 2);
      const x = tf.ones([2, 3, 2, 2]) as tf.Tensor4D;
      const y = m.apply(x);
      const { value, grads } = tf.variableGrads(() => tf.sum(m.apply(x)) as tf.Scalar, m.trainableVariables());
      const xij = tf.ones([2, 2]) as tf.Tensor2D;
      const s = m.step(xij, null, null);
      const s2 = m.step(xij, s, s);
      tf.dispose([x, xij, y, value, ...Object.values(grads), ...[...s, ...s2].flatMap((t) => [t.h, t.c])]);
      m.dispose();
    });
  });

  it('says what was expected for bad configs and shapes', () => {
    expect(() => new SpatialLstm({ inputSize: 2, hiddenSize: 0 })).toThrow(new InputError("SpatialLstm: 'hiddenSize' must be an integer >= 1, got number 0"));
    expect(() => new SpatialLstm({ inputSize: 2, hiddenSize: 3, numLayers: 1.5 })).toThrow(InputError);
    const m = model(2, 3, 2);
    const x3 = tf.zeros([2, 3, 2]);
    expect(() => m.apply(x3 as tf.Tensor4D)).toThrow(ShapeError);
    expect(() => m.apply(x3 as tf.Tensor4D)).toThrow("SpatialLstm.apply: argument 'x' must have shape [batch, height, width, 2], got [2, 3, 2]");
    const x = tf.zeros([1, 2, 2, 5]) as tf.Tensor4D;
    expect(() => m.apply(x)).toThrow('must have shape [batch=1, height=2, width=2, 2], got [1, 2, 2, 5]');
    const empty = tf.zeros([1, 0, 2, 2]) as tf.Tensor4D;
    expect(() => m.apply(empty)).toThrow('non-empty batch and grid');
    const xd = tf.zeros([7, 2]) as tf.Tensor2D;
    expect(() => m.applyDiagonalMajor(xd, { batch: 2, height: 2, width: 2 })).toThrow("argument 'x' must have shape [8, 2], got [7, 2]");
    const xs = tf.zeros([4, 2]) as tf.Tensor2D;
    const h = tf.zeros([4, 3]) as tf.Tensor2D;
    expect(() => m.step(xs, [{ h, c: h }], null)).toThrow("SpatialLstm.step: 'up' must be null or one { h, c } per layer (2), got 1");
    const h5 = tf.zeros([5, 3]) as tf.Tensor2D;
    expect(() => m.step(xs, null, [{ h: h5, c: h5 }, { h: h5, c: h5 }])).toThrow("argument 'left[0].h' must have shape [n=4, 3], got [5, 3]");
    tf.dispose([x3, x, empty, xd, xs, h, h5]);
    m.dispose();
  });
});
