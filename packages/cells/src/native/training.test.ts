/**
 * Training on the native kernels (native/training.ts): on WASM, a recorded run is one native
 * forward and one native backward kernel per layer and direction; its gradients (every weight,
 * the input and the initial states) agree with the per-step hand-written backward pass (fused
 * JavaScript gate kernels and per-op tfjs math) within 1e-4 for every cell, size, mask, direction
 * and initial state, and with central finite differences; no tensor leaks. On other backends the
 * per-step path runs (and these tests check it against itself and finite differences).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@seq2seq/core';
import { Rng } from '@seq2seq/core';
import { describeBackends, expectClose, expectNoTensorLeak } from '@seq2seq/backend/testing';
import { expect, it } from 'vitest';
import { RNN, runSequence, setFusedKernelMode, setNativeKernelMode, type FusedKernelMode, type RNNApplyOptions, type RNNConfig, type RunSequenceOptions } from '../index';
import { KERNEL_TEST_CELLS } from '../testing/kernel-cells';
import type { CellBase } from '../cell-base';
import { nativeTrainingAvailable } from './kernels';

const CELLS = KERNEL_TEST_CELLS;

/** [batch, hidden]: one row and row blocks of 4 with a remainder; hidden sizes off the 4-lane and 32-column grids. */
const SIZES: Array<[number, number]> = [
  [1, 5],
  [3, 8],
  [6, 37],
  [9, 64],
];

function withModes<T>(native: 'auto' | 'inference', fused: FusedKernelMode, fn: () => T): T {
  const n = setNativeKernelMode(native);
  const f = setFusedKernelMode(fused);
  try {
    return fn();
  } finally {
    setNativeKernelMode(n);
    setFusedKernelMode(f);
  }
}

/** Loss value and gradients of every weight, the input and the initial states of one cell run. */
function cellGrads(cell: CellBase<unknown>, x: tf.Variable, init: tf.Variable[], wOut: tf.Tensor3D, options: RunSequenceOptions): tf.Tensor[] {
  const loss = (): tf.Scalar =>
    tf.tidy(() => {
      const r = runSequence(cell, x as unknown as tf.Tensor3D, init.length ? { ...options, initialState: { h: init[0] as unknown as tf.Tensor2D, c: init[1] as unknown as tf.Tensor2D | undefined } } : options);
      const finals = r.state.c ? [r.state.h, r.state.c] : [r.state.h];
      return tf.addN([tf.sum(tf.mul(r.output, wOut)), ...finals.map((f) => tf.sum(tf.square(f)))]) as tf.Scalar;
    });
  const vars = [...cell.parameters(), x, ...init];
  const { value, grads } = tf.variableGrads(loss, vars);
  return [value, ...vars.map((v) => grads[v.name]!)];
}

describeBackends('native training kernels', ({ backend }) => {
  it(`serve ${backend === 'wasm' ? 'the WASM backend' : `no ${backend} backend`}`, () => {
    expect(nativeTrainingAvailable()).toBe(backend === 'wasm');
    expect(withModes('inference', 'auto', nativeTrainingAvailable)).toBe(false);
  });

  for (const { name, make } of CELLS) {
    for (const [B, H] of SIZES) {
      it(`${name}, batch ${B}, hidden ${H}: gradients = per-step backward (1e-4), lengths and holes, both directions, initial state`, async () => {
        const T = 6;
        const IN = 3;
        const rng = new Rng(B * 100 + H);
        const cell = make(IN, H, rng);
        tf.tidy(() => cell.bias.assign(tf.tensor(rng.uniformArray(cell.bias.size, -0.5, 0.5), cell.bias.shape)));
        const x = tf.variable(tf.tensor3d(rng.normalArray(B * T * IN), [B, T, IN]));
        const wOut = tf.tensor3d(rng.normalArray(B * T * H), [B, T, H]);
        const init = [tf.variable(tf.tensor2d(rng.normalArray(B * H, 0, 0.5), [B, H]))];
        if (cell.hasCellState) init.push(tf.variable(tf.tensor2d(rng.normalArray(B * H, 0, 0.5), [B, H])));
        const lengths = Array.from({ length: B }, (_, b) => (b * 3) % (T + 1));
        const holes = tf.tensor2d(Array.from({ length: B * T }, (_, i) => ((i * 7) % 3 === 0 ? 0 : 1)), [B, T]);
        const cases: Array<{ options: RunSequenceOptions; initial: boolean }> = [
          { options: {}, initial: false },
          { options: { lengths }, initial: false },
          { options: { mask: holes }, initial: true },
          { options: { reverse: true, lengths }, initial: false },
          { options: { reverse: true, mask: holes }, initial: true },
        ];
        for (const { options, initial } of cases) {
          const ours = cellGrads(cell, x, initial ? init : [], wOut, options);
          for (const fused of ['always', 'never'] as FusedKernelMode[]) {
            const ref = withModes('inference', fused, () => cellGrads(cell, x, initial ? init : [], wOut, options));
            for (let i = 0; i < ours.length; i++) await expectClose(ours[i]!, ref[i]!, 1e-4);
            tf.dispose(ref);
          }
          tf.dispose(ours);
        }
        tf.dispose([x, wOut, holes, ...init]);
        cell.dispose();
      });
    }
  }

  /** Central finite differences (step 1e-2, relative tolerance 1e-2) of a few entries of every parameter and the input. */
  function gradCheck(cfg: RNNConfig, options: RNNApplyOptions): void {
    const Bc = 2;
    const Tc = 4;
    const EPS = 1e-2;
    const rng = new Rng(11);
    const rnn = new RNN({ ...cfg, rng });
    for (const v of rnn.parameters()) if (v.rank === 1) tf.tidy(() => v.assign(tf.tensor(rng.uniformArray(v.size, -0.5, 0.5), v.shape)));
    const x = tf.variable(tf.tensor3d(rng.normalArray(Bc * Tc * cfg.inputSize), [Bc, Tc, cfg.inputSize]));
    const wOut = tf.tensor3d(rng.normalArray(Bc * Tc * rnn.outputSize), [Bc, Tc, rnn.outputSize]);
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
      for (let k = 0; k < 4; k++) {
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

  it('gru (reset before U), bidirectional, mask with holes: gradients = finite differences', () =>
    gradCheck({ cell: 'gru', inputSize: 3, hiddenSize: 5, bidirectional: true }, { mask: tf.tensor2d([[1, 0, 1, 1], [1, 1, 0, 0]]) }));
  it('gru resetAfter, lengths, reverse: gradients = finite differences', () => gradCheck({ cell: 'gru', resetAfter: true, inputSize: 3, hiddenSize: 5 }, { lengths: [3, 4], reverse: true }));
  it('lstm, 2 layers bidirectional, lengths: gradients = finite differences', () =>
    gradCheck({ cell: 'lstm', inputSize: 3, hiddenSize: 5, numLayers: 2, bidirectional: true }, { lengths: [4, 2] }));

  it('a training step is one native forward and one native backward kernel per layer and direction', async () => {
    const rng = new Rng(1);
    const x = tf.randomNormal([2, 6, 4], 0, 1, 'float32', 1) as tf.Tensor3D;
    for (const cell of ['gru', 'lstm'] as const) {
      const rnn = new RNN({ cell, inputSize: 4, hiddenSize: 8, numLayers: 2, bidirectional: true, rng });
      const kernels = (await tf.profile(() => tf.tidy(() => void tf.variableGrads(() => tf.sum(rnn.apply(x, { lengths: [6, 3] }).output) as tf.Scalar, rnn.parameters())))).kernels.map((k) => k.name);
      const prefix = cell === 'gru' ? 'Seq2SeqCellsGru' : 'Seq2SeqCellsLstm';
      expect(kernels.filter((k) => k === `${prefix}TrainForward`)).toHaveLength(backend === 'wasm' ? 4 : 0);
      expect(kernels.filter((k) => k === `${prefix}TrainBackward`)).toHaveLength(backend === 'wasm' ? 4 : 0);
      rnn.dispose();
    }
    x.dispose();
  });

  it('a training step leaves no tensors behind', async () => {
    const rng = new Rng(3);
    const configs: RNNConfig[] = [
      { cell: 'gru', inputSize: 4, hiddenSize: 16, bidirectional: true, resetAfter: true, rng },
      { cell: 'gru', inputSize: 4, hiddenSize: 16, rng },
      { cell: 'lstm', inputSize: 4, hiddenSize: 16, bidirectional: true, rng },
    ];
    for (const config of configs) {
      const rnn = new RNN(config);
      const x = tf.randomNormal([4, 5, 4], 0, 1, 'float32', 3) as tf.Tensor3D;
      const opt = tf.train.sgd(0.01);
      await expectNoTensorLeak(() => void opt.minimize(() => tf.sum(rnn.apply(x, { lengths: [5, 4, 2, 1] }).output) as tf.Scalar, false, rnn.parameters()), { iterations: 4 });
      opt.dispose();
      x.dispose();
      rnn.dispose();
    }
  });
});
