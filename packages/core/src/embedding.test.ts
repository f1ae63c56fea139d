import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, expectClose, expectNoTensorLeak } from '@seq2seq/backend/testing';
import { describe, expect, it } from 'vitest';
import { Embedding, gatherRows, InputError, Linear, normal, Rng, ShapeError } from './index';

/** Central finite difference of `f` with respect to every entry of `w` (float32, so a coarse eps). */
function numericGrad(f: (w: tf.Tensor) => tf.Scalar, w: tf.Tensor, eps = 1e-2): Float32Array {
  const base = w.dataSync().slice();
  const out = new Float32Array(base.length);
  for (let i = 0; i < base.length; i++) {
    const at = (delta: number): number => {
      const v = base.slice();
      v[i]! += delta;
      return tf.tidy(() => f(tf.tensor(v, w.shape)).dataSync()[0]!);
    };
    out[i] = (at(eps) - at(-eps)) / (2 * eps);
  }
  return out;
}

describeBackends('Embedding', ({ tolerance }) => {
  it('looks rows up for tensor, nested-array and typed-array ids', async () => {
    const emb = new Embedding({ vocabSize: 5, embeddingSize: 3, rng: new Rng(1) });
    const table = (await emb.weight.array()) as number[][];
    const y = emb.apply(tf.tensor2d([[4, 0, 4], [1, 2, 3]], [2, 3], 'int32'));
    expect(y.shape).toEqual([2, 3, 3]);
    await expectClose(y, [[table[4]!, table[0]!, table[4]!], [table[1]!, table[2]!, table[3]!]], tolerance);
    const z = emb.apply([[4, 0, 4], [1, 2, 3]]);
    await expectClose(z, y, 0);
    const u = emb.apply(new Int32Array([3, 3]));
    expect(u.shape).toEqual([2, 3]);
    await expectClose(u, [table[3]!, table[3]!], 0);
    const scalar = emb.apply(tf.scalar(2, 'int32'));
    expect(scalar.shape).toEqual([3]);
    tf.dispose([y, z, u, scalar]);
    emb.dispose();
  });

  it('has the gradient of finite differences, with repeated ids and a padding row', async () => {
    const emb = new Embedding({ vocabSize: 6, embeddingSize: 4, paddingIdx: 0, rng: new Rng(2) });
    await expectClose(emb.weight.slice([0, 0], [1, 4]), [0, 0, 0, 0], 0);
    // ids repeat (3 appears three times) and include the padding id 0.
    const ids = tf.tensor2d([[3, 1, 0], [3, 5, 3]], [2, 3], 'int32');
    const r = tf.tensor(new Rng(3).normalArray(2 * 3 * 4), [2, 3, 4]);
    // A nonlinear loss, so that the check does not pass by linearity alone.
    const loss = (w: tf.Tensor): tf.Scalar => tf.sum(tf.mul(tf.square(gatherRows(w, ids, 0)), r));
    const analytic = tf.grad(loss)(emb.weight);
    const numeric = numericGrad(loss, emb.weight);
    numeric.fill(0, 0, 4); // the padding row gets no gradient by definition
    await expectClose(analytic, numeric, 2e-2);
    await expectClose(analytic.slice([0, 0], [1, 4]), [0, 0, 0, 0], 0);
    // Rows 2 and 4 are never looked up.
    await expectClose(analytic.slice([2, 0], [1, 4]), [0, 0, 0, 0], 0);
    // The same gradient through the module and tf.variableGrads.
    const { grads } = tf.variableGrads(() => tf.sum(tf.mul(tf.square(emb.apply(ids)), r)), [emb.weight]);
    await expectClose(grads[emb.weight.name]!, analytic, tolerance);
    tf.dispose([ids, r, analytic, grads]);
    emb.dispose();
  });

  it('trains with Adam together with a Linear layer; the padding row stays zero', async () => {
    const rng = new Rng(4);
    const emb = new Embedding({ vocabSize: 20, embeddingSize: 8, paddingIdx: 0, rng });
    const lin = new Linear({ inputSize: 8, outputSize: 20, rng });
    const ids = tf.tensor2d([[1, 2, 3, 0], [4, 5, 6, 0]], [2, 4], 'int32');
    const targets = tf.oneHot(tf.tensor2d([[2, 3, 4, 0], [5, 6, 7, 0]], [2, 4], 'int32'), 20);
    const optimizer = tf.train.adam(0.05);
    const lossFn = (): tf.Scalar => tf.losses.softmaxCrossEntropy(targets, lin.apply(emb.apply(ids)));
    const first = (await lossFn().data())[0]!;
    for (let step = 0; step < 20; step++) {
      optimizer.minimize(lossFn, false, [...emb.trainableVariables(), ...lin.trainableVariables()]);
    }
    const last = (await lossFn().data())[0]!;
    expect(last).toBeLessThan(first * 0.5);
    await expectClose(emb.weight.slice([0, 0], [1, 8]), new Float32Array(8), 0);
    optimizer.dispose();
    tf.dispose([ids, targets]);
    emb.dispose();
    lin.dispose();
  });

  it('leaks no tensors across repeated apply + gradient (Embedding and Linear)', async () => {
    const emb = new Embedding({ vocabSize: 50, embeddingSize: 16, paddingIdx: 1 });
    const lin = new Linear({ inputSize: 16, outputSize: 7 });
    const ids = tf.tensor2d([[1, 2, 3], [4, 5, 49]], [2, 3], 'int32');
    const vars = [...emb.trainableVariables(), ...lin.trainableVariables()];
    await expectNoTensorLeak(() => emb.apply(ids), { iterations: 5 });
    await expectNoTensorLeak(() => emb.apply([[1, 2], [3, 4]]), { iterations: 5 });
    const x = tf.ones([2, 16]);
    await expectNoTensorLeak(() => lin.apply(x), { iterations: 5 });
    await expectNoTensorLeak(() => tf.variableGrads(() => tf.sum(lin.apply(x)), lin.trainableVariables()), { iterations: 5 });
    await expectNoTensorLeak(
      () => tf.variableGrads(() => tf.sum(lin.apply(emb.apply(ids))), vars),
      { iterations: 5 },
    );
    const optimizer = tf.train.adam(0.01);
    await expectNoTensorLeak(() => optimizer.minimize(() => tf.mean(lin.apply(emb.apply(ids))), true, vars), { iterations: 5 });
    optimizer.dispose();
    tf.dispose([ids, x]);
    emb.dispose();
    lin.dispose();
  });
});

describe('Embedding validation', () => {
  it('names the id range and position of a bad host id', () => {
    const emb = new Embedding({ vocabSize: 10, embeddingSize: 2 });
    expect(() => emb.apply([[1, 2], [3, 10]])).toThrow(InputError);
    expect(() => emb.apply([[1, 2], [3, 10]])).toThrow(
      /Embedding.apply: ids must be integers in \[0, 9\] \(vocabSize = 10\), got 10 at position \[1, 1\]/,
    );
    expect(() => emb.apply([0, -1])).toThrow(/got -1 at position \[1\]/);
    expect(() => emb.apply([0.5])).toThrow(/got 0.5 at position \[0\]/);
    expect(() => emb.apply(new Uint16Array([65535]))).toThrow(/in \[0, 9\]/);
    expect(() => emb.apply([[1, 2], [3]])).toThrow(/must be rectangular: row 0 has 2 ids, row 1 has 1/);
    emb.dispose();
  });

  it('checks tensor ids for dtype, and for range when asked to', () => {
    const emb = new Embedding({ vocabSize: 10, embeddingSize: 2, checkTensorIds: true });
    const floats = tf.tensor1d([1, 2]);
    expect(() => emb.apply(floats)).toThrow(ShapeError);
    expect(() => emb.apply(floats)).toThrow(/argument 'ids' must have dtype int32, got float32/);
    const bad = tf.tensor2d([[0, 12]], [1, 2], 'int32');
    expect(() => emb.apply(bad)).toThrow(/in \[0, 9\] \(vocabSize = 10\), got 12 at position \[0, 1\]/);
    tf.dispose([floats, bad]);
    emb.dispose();
  });

  it('validates its config and accepts another initialiser', async () => {
    expect(() => new Embedding({ vocabSize: 0, embeddingSize: 2 })).toThrow(/'vocabSize' must be an integer >= 1, got number 0/);
    expect(() => new Embedding({ vocabSize: 4, embeddingSize: 2.5 })).toThrow(/'embeddingSize' must be an integer >= 1/);
    expect(() => new Embedding({ vocabSize: 4, embeddingSize: 2, paddingIdx: 4 })).toThrow(/'paddingIdx' must be an integer in \[0, 3\], got number 4/);
    const emb = new Embedding({ vocabSize: 400, embeddingSize: 50, weightInit: normal(1), rng: new Rng(9) });
    const values = await emb.weight.data();
    const std = Math.sqrt(Array.from(values).reduce((s, v) => s + v * v, 0) / values.length);
    expect(std).toBeGreaterThan(0.95);
    expect(std).toBeLessThan(1.05);
    expect([...emb.getWeights().keys()]).toEqual(['weight']);
    emb.dispose();
    const defaults = new Embedding({ vocabSize: 100, embeddingSize: 10 });
    const d = await defaults.weight.data();
    expect(Math.max(...d)).toBeLessThanOrEqual(0.08);
    expect(Math.min(...d)).toBeGreaterThanOrEqual(-0.08);
    defaults.dispose();
  });

  it('gatherRows matches the gradient of tf.gather (cpu has UnsortedSegmentSum)', async () => {
    await tf.setBackend('cpu');
    const table = tf.tensor(new Rng(5).normalArray(7 * 3), [7, 3]);
    const ids = tf.tensor1d([6, 0, 6, 2, 6], 'int32');
    const dy = tf.tensor(new Rng(6).normalArray(5 * 3), [5, 3]);
    const ours = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(gatherRows(t, ids), dy)))(table);
    const theirs = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, ids), dy)))(table);
    await expectClose(ours, theirs, 1e-6);
    expect(() => gatherRows(table, tf.tensor1d([1]))).toThrow(/gatherRows: argument 'ids' must have dtype int32/);
    expect(() => gatherRows(tf.zeros([2, 2, 2]), ids)).toThrow(/gatherRows: argument 'table' must have shape \[rows, dim\]/);
    tf.dispose([table, ids, dy, ours, theirs]);
  });
});
