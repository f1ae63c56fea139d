/**
 * Gradient checks of the hand-written backward pass against central finite differences of the
 * forward pass (float32: small sizes, step 1e-2, relative tolerance 1e-2), on the CPU backend.
 * The comparison with tfjs autodiff of the naive reference at 1e-4, on every backend, is in
 * sequence.test.ts and rnn.test.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { Rng } from '@seq2seq/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { RNN, type RNNApplyOptions, type RNNConfig } from './index';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const B = 2;
const T = 4;
const EPS = 1e-2;

/**
 * Compares d(loss)/d(entry) with (loss(w + eps) - loss(w - eps)) / (2 eps) for a few random
 * entries of every parameter and of the input.
 */
function gradCheck(cfg: RNNConfig, options: RNNApplyOptions, entriesPerTensor = 4): void {
  const rng = new Rng(11);
  const rnn = new RNN({ ...cfg, rng });
  for (const v of rnn.parameters()) if (v.rank === 1) tf.tidy(() => v.assign(tf.tensor(rng.uniformArray(v.size, -0.5, 0.5), v.shape)));
  const x = tf.variable(tf.tensor3d(rng.normalArray(B * T * cfg.inputSize), [B, T, cfg.inputSize]));
  const wOut = tf.tensor3d(rng.normalArray(B * T * rnn.outputSize), [B, T, rnn.outputSize]);
  const loss = (): tf.Scalar =>
    tf.tidy(() => {
      const r = rnn.apply(x, options);
      const finals = r.state.flatMap((s) => (s.c ? [s.h, s.c] : [s.h]));
      return tf.addN([tf.sum(tf.mul(r.output, wOut)), ...finals.map((f) => tf.sum(tf.square(f)))]) as tf.Scalar;
    });
  const vars = [...rnn.parameters(), x];
  const { value, grads } = tf.variableGrads(loss, vars);
  value.dispose();
  const failures: string[] = [];
  for (const v of vars) {
    const g = grads[v.name]!.dataSync();
    const base = v.dataSync().slice();
    for (let k = 0; k < entriesPerTensor; k++) {
      const i = rng.int(v.size);
      const probe = (delta: number): number => {
        const w = base.slice();
        w[i]! += delta;
        tf.tidy(() => v.assign(tf.tensor(w, v.shape)));
        const l = loss();
        const out = l.dataSync()[0]!;
        l.dispose();
        return out;
      };
      const fd = (probe(EPS) - probe(-EPS)) / (2 * EPS);
      tf.tidy(() => v.assign(tf.tensor(base, v.shape)));
      const an = g[i]!;
      if (Math.abs(fd - an) > 1e-2 * Math.max(Math.abs(an), Math.abs(fd)) + 2e-3) failures.push(`${v.name}[${i}]: analytic ${an}, finite difference ${fd}`);
    }
  }
  tf.dispose([x, wOut, ...Object.values(grads)]);
  rnn.dispose();
  expect(failures).toEqual([]);
}

describe('gradients vs finite differences', () => {
  const cells: Array<[string, Partial<RNNConfig>]> = [
    ['rnn', { cell: 'rnn' }],
    ['rnn sigmoid', { cell: 'rnn', activation: 'sigmoid' }],
    ['gru (reset before U)', { cell: 'gru' }],
    ['gru resetAfter', { cell: 'gru', resetAfter: true }],
    ['lstm', { cell: 'lstm' }],
  ];
  for (const [name, c] of cells) {
    it(`${name}`, () => gradCheck({ inputSize: 3, hiddenSize: 4, ...c } as RNNConfig, {}));
    it(`${name}, lengths, reverse`, () => gradCheck({ inputSize: 3, hiddenSize: 4, ...c } as RNNConfig, { lengths: [3, 4], reverse: true }));
  }
  it('gru bidirectional, mask with holes', () =>
    gradCheck({ cell: 'gru', inputSize: 3, hiddenSize: 3, bidirectional: true }, { mask: tf.tensor2d([[1, 0, 1, 1], [1, 1, 0, 0]]) }));
  it('lstm 2 layers bidirectional concat, residual, lengths', () =>
    gradCheck({ cell: 'lstm', inputSize: 3, hiddenSize: 3, numLayers: 2, bidirectional: true, residual: true }, { lengths: [4, 2] }, 3));
  it('gru resetAfter 3 layers, sum-merged bidirectional, residual from layer 0', () =>
    gradCheck({ cell: 'gru', inputSize: 3, hiddenSize: 3, numLayers: 3, bidirectional: true, merge: 'sum', residual: 0, resetAfter: true }, {}, 3));
});
