/**
 * The RNN layer (stacks, bidirectional, residual, dropout, masks, step API) against a composition
 * of the naive reference, on every backend; tensor counts across training steps.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@seq2seq/core';
import { Rng } from '@seq2seq/core';
import { describeBackends, expectClose, expectNoTensorLeak } from '@seq2seq/backend/testing';
import { expect, it } from 'vitest';
import { RNN, type CellState, type RNNConfig } from './index';
import type { GRUCell } from './gru';
import { refSequence } from './testing/reference';

const B = 3;
const T = 4;

/** The reference stack: each layer and direction through refSequence, merged and residual-added. */
function refStack(rnn: RNN, cfg: RNNConfig, x: tf.Tensor, mask: tf.Tensor | null, init: CellState[], dropoutMasks?: tf.Tensor[]): { output: tf.Tensor; states: tf.Tensor[][] } {
  let input = x;
  const states: tf.Tensor[][] = [];
  rnn.cells.forEach((dirs, l) => {
    const layerIn = dropoutMasks && l > 0 ? tf.mul(input, dropoutMasks[l - 1]!) : input;
    const outs = dirs.map((cell, d) => {
      const s0 = init[l * dirs.length + d]!;
      const p = { kernel: cell.kernel, recurrentKernel: cell.recurrentKernel, bias: cell.bias, recurrentBias: (cell as unknown as GRUCell).recurrentBias };
      const r = refSequence({ cell: cfg.cell, resetAfter: cfg.resetAfter }, p, layerIn, s0.c ? [s0.h, s0.c] : [s0.h], mask, d === 1);
      states.push(r.state);
      return r.output;
    });
    let out = outs.length === 1 ? outs[0]! : cfg.merge === 'sum' ? tf.add(outs[0]!, outs[1]!) : tf.concat(outs, 2);
    if (l >= rnn.residualFrom) out = tf.add(out, mask ? tf.mul(input, tf.expandDims(mask, 2)) : input);
    input = out;
  });
  return { output: input, states };
}

const CONFIGS: Array<{ name: string; cfg: RNNConfig }> = [
  { name: 'gru 2 layers bidirectional concat', cfg: { cell: 'gru', inputSize: 3, hiddenSize: 4, numLayers: 2, bidirectional: true } },
  { name: 'lstm 3 layers residual', cfg: { cell: 'lstm', inputSize: 3, hiddenSize: 4, numLayers: 3, residual: true } },
  { name: 'lstm 2 layers bidirectional sum residual', cfg: { cell: 'lstm', inputSize: 4, hiddenSize: 4, numLayers: 2, bidirectional: true, merge: 'sum', residual: 0 } },
  { name: 'gru resetAfter 2 layers bidirectional residual', cfg: { cell: 'gru', inputSize: 3, hiddenSize: 4, numLayers: 2, bidirectional: true, resetAfter: true, residual: true } },
  { name: 'rnn 2 layers', cfg: { cell: 'rnn', inputSize: 3, hiddenSize: 5, numLayers: 2 } },
];

describeBackends('RNN layer vs reference stack', ({ tolerance }) => {
  for (const { name, cfg } of CONFIGS) {
    for (const withLengths of [false, true]) {
      it(`${name}${withLengths ? ', lengths' : ''}: outputs, final states, gradients`, async () => {
        const rng = new Rng(3);
        const rnn = new RNN({ ...cfg, rng });
        for (const v of rnn.parameters()) if (v.rank === 1) tf.tidy(() => v.assign(tf.tensor(rng.uniformArray(v.size, -0.3, 0.3), v.shape)));
        const x = tf.variable(tf.tensor3d(rng.normalArray(B * T * cfg.inputSize), [B, T, cfg.inputSize])) as tf.Variable<tf.Rank.R3>;
        const lengths = withLengths ? [4, 1, 3] : undefined;
        const mask = lengths ? tf.tensor2d(lengths.map((l) => Array.from({ length: T }, (_, t) => (t < l ? 1 : 0)))) : null;
        const init = rnn.initialState(B).map((s) => ({
          h: tf.variable(tf.randomNormal(s.h.shape, 0, 0.5, 'float32', 1)) as tf.Variable<tf.Rank.R2>,
          c: s.c ? (tf.variable(tf.randomNormal(s.c.shape, 0, 0.5, 'float32', 2)) as tf.Variable<tf.Rank.R2>) : undefined,
        }));
        const states: CellState[] = init.map((s) => (s.c ? { h: s.h, c: s.c } : { h: s.h }));
        const wOut = tf.randomNormal([B, T, rnn.outputSize], 0, 1, 'float32', 5);
        const loss = (out: tf.Tensor, finals: tf.Tensor[]) => tf.addN([tf.sum(tf.mul(out, wOut)), ...finals.map((f, i) => tf.mul(tf.sum(f), 0.1 * (i + 1)))]) as tf.Scalar;
        const vars = [...rnn.parameters(), x, ...init.flatMap((s) => (s.c ? [s.h, s.c] : [s.h]))];
        const ours = tf.variableGrads(() => {
          const r = rnn.apply(x, { lengths, initialState: states });
          return loss(r.output, r.state.flatMap((s) => (s.c ? [s.h, s.c] : [s.h])));
        }, vars);
        const refs = tf.variableGrads(() => {
          const r = refStack(rnn, cfg, x, mask, states);
          return loss(r.output, r.states.flat());
        }, vars);
        await expectClose(ours.value, refs.value, tolerance * 10);
        for (const v of vars) await expectClose(ours.grads[v.name]!, refs.grads[v.name]!, 1e-4);
        const r = rnn.apply(x, { lengths, initialState: states });
        expect(r.output.shape).toEqual([B, T, rnn.outputSize]);
        expect(r.state).toHaveLength(rnn.numLayers * rnn.numDirections);
        const e = refStack(rnn, cfg, x, mask, states);
        await expectClose(r.output, e.output, tolerance);
        for (let i = 0; i < e.states.length; i++) await expectClose(r.state[i]!.h, e.states[i]![0]!, tolerance);
        if (lengths) {
          // Padded steps output zeros.
          const o = (await r.output.array()) as number[][][];
          expect(o[1]!.slice(1).flat().every((v) => v === 0)).toBe(true);
        }
        tf.dispose([ours.value, refs.value, ...Object.values(ours.grads), ...Object.values(refs.grads), r.output, e.output, ...e.states.flat(), x, wOut]);
        mask?.dispose();
        tf.dispose(r.state as unknown as tf.TensorContainer);
        tf.dispose(init as unknown as tf.TensorContainer);
        rnn.dispose();
      });
    }
  }

  it('dropout between layers is seeded, active only in training, and differentiable', async () => {
    const cfg: RNNConfig = { cell: 'gru', inputSize: 3, hiddenSize: 4, numLayers: 2, dropout: 0.5 };
    const x = tf.randomNormal([B, T, 3], 0, 1, 'float32', 9) as tf.Tensor3D;
    const a = new RNN({ ...cfg, rng: new Rng(1) });
    const b = new RNN({ ...cfg, rng: new Rng(1) });
    const ya = a.apply(x).output;
    const yb = b.apply(x).output;
    await expectClose(ya, yb, 0); // same seed, same masks
    const evalA = a.eval().apply(x).output;
    const evalB = b.train(false).apply(x).output;
    await expectClose(evalA, evalB, 0);
    const noDrop = new RNN({ ...cfg, dropout: 0, rng: new Rng(1) });
    await expectClose(noDrop.apply(x).output, evalA, tolerance);
    a.train();
    const g = tf.variableGrads(() => tf.sum(a.apply(x).output) as tf.Scalar, a.parameters());
    for (const v of a.parameters()) expect(g.grads[v.name]!.shape).toEqual(v.shape);
    tf.dispose([x, ya, yb, evalA, evalB, g.value, ...Object.values(g.grads)]);
    a.dispose();
    b.dispose();
    noDrop.dispose();
  });

  it('step() of a stack equals apply() one step at a time, with gradients', async () => {
    for (const cell of ['rnn', 'gru', 'lstm'] as const) {
      const rnn = new RNN({ cell, inputSize: 4, hiddenSize: 4, numLayers: 2, residual: true, rng: new Rng(5) });
      const x = tf.variable(tf.randomNormal([B, T, 4], 0, 1, 'float32', 4)) as tf.Variable<tf.Rank.R3>;
      const full = rnn.apply(x);
      let states = rnn.initialState(B);
      const outs: tf.Tensor[] = [];
      for (let t = 0; t < T; t++) {
        const r = rnn.step(tf.squeeze(tf.slice(x, [0, t, 0], [B, 1, 4]), [1]) as tf.Tensor2D, states);
        outs.push(r.output);
        states = r.state;
      }
      await expectClose(tf.stack(outs, 1), full.output, tolerance);
      for (let i = 0; i < states.length; i++) {
        await expectClose(states[i]!.h, full.state[i]!.h, tolerance);
        if (cell === 'lstm') await expectClose(states[i]!.c!, full.state[i]!.c!, tolerance);
      }
      const wOut = tf.randomNormal([B, T, 4], 0, 1, 'float32', 6);
      const vars = [...rnn.parameters(), x];
      const gFull = tf.variableGrads(() => tf.sum(tf.mul(rnn.apply(x).output, wOut)) as tf.Scalar, vars);
      const gStep = tf.variableGrads(() => {
        let s = rnn.initialState(B);
        const o: tf.Tensor[] = [];
        for (let t = 0; t < T; t++) {
          const r = rnn.step(tf.squeeze(tf.slice(x, [0, t, 0], [B, 1, 4]), [1]) as tf.Tensor2D, s);
          o.push(r.output);
          s = r.state;
        }
        return tf.sum(tf.mul(tf.stack(o, 1), wOut)) as tf.Scalar;
      }, vars);
      for (const v of vars) await expectClose(gStep.grads[v.name]!, gFull.grads[v.name]!, 1e-4);
      rnn.dispose();
    }
  });

  it('dispose() frees the parameters and the cached transposes', () => {
    const before = tf.memory().numTensors;
    const rnn = new RNN({ cell: 'gru', inputSize: 3, hiddenSize: 4, numLayers: 2, bidirectional: true, rng: new Rng(1) });
    const x = tf.randomNormal([B, T, 3], 0, 1, 'float32', 1) as tf.Tensor3D;
    const g = tf.variableGrads(() => tf.sum(rnn.apply(x).output) as tf.Scalar, rnn.parameters());
    tf.dispose([g.value, ...Object.values(g.grads), x]);
    rnn.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('keeps the tensor count steady across 100 training steps (Adam)', async () => {
    const rnn = new RNN({ cell: 'lstm', inputSize: 3, hiddenSize: 4, numLayers: 2, bidirectional: true, residual: true, dropout: 0.2, rng: new Rng(2) });
    const gru = new RNN({ cell: 'gru', inputSize: 3, hiddenSize: 4, resetAfter: true, rng: new Rng(3) });
    const x = tf.randomNormal([B, T, 3], 0, 1, 'float32', 1) as tf.Tensor3D;
    const opt = tf.train.adam(1e-2);
    const vars = [...rnn.trainableVariables(), ...gru.trainableVariables()];
    const stepFn = () =>
      opt.minimize(() => {
        const a = rnn.apply(x, { lengths: [4, 2, 3] });
        const b = gru.apply(x, { reverse: true });
        let s = gru.initialState(B);
        for (let t = 0; t < 2; t++) s = [gru.cells[0]![0]!.step(tf.squeeze(tf.slice(x, [0, t, 0], [B, 1, 3]), [1]) as tf.Tensor2D, s[0]!)];
        return tf.addN([tf.mean(tf.square(a.output)), tf.mean(b.output), tf.mean(s[0]!.h)]) as tf.Scalar;
      }, true, vars);
    await expectNoTensorLeak(stepFn, { iterations: 100 });
    rnn.dispose();
    gru.dispose();
    x.dispose();
    opt.dispose();
  });

  it('dispose() of a whole RNN frees its parameters and every cached transpose', async () => {
    await expectNoTensorLeak(() => {
      const rnn = new RNN({ cell: 'lstm', inputSize: 3, hiddenSize: 4, numLayers: 2, bidirectional: true, rng: new Rng(4) });
      const x = tf.randomNormal([B, T, 3], 0, 1, 'float32', 1) as tf.Tensor3D;
      // A backward pass makes each cell keep transposes of its recurrent kernel.
      const { value, grads } = tf.variableGrads(() => tf.sum(rnn.apply(x, { lengths: [4, 2, 3] }).output) as tf.Scalar, rnn.parameters());
      tf.dispose([value, x, ...Object.values(grads)]);
      rnn.dispose();
    });
  });
});
