/**
 * The fused runner and its hand-written backward pass against the naive per-step reference
 * (tfjs autodiff): outputs, final states and every gradient, for each cell, with masks,
 * lengths and reverse, on every backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@seq2seq/core';
import { Rng } from '@seq2seq/core';
import { describeBackends, expectClose } from '@seq2seq/backend/testing';
import { expect, it } from 'vitest';
import { GRUCell, LSTMCell, SimpleRNNCell, runSequence, setFusedKernelMode, type CellState, type FusedKernelMode } from './index';
import type { CellBase } from './cell-base';
import { refSequence, type RefOptions } from './testing/reference';

export interface Variant {
  name: string;
  ref: RefOptions;
  make: (inputSize: number, hiddenSize: number, rng: Rng) => CellBase<unknown>;
}

export const VARIANTS: Variant[] = [
  { name: 'rnn tanh', ref: { cell: 'rnn' }, make: (i, h, rng) => new SimpleRNNCell({ inputSize: i, hiddenSize: h, rng }) as CellBase<unknown> },
  { name: 'rnn relu', ref: { cell: 'rnn', activation: 'relu' }, make: (i, h, rng) => new SimpleRNNCell({ inputSize: i, hiddenSize: h, activation: 'relu', rng }) as CellBase<unknown> },
  { name: 'gru (reset before U)', ref: { cell: 'gru' }, make: (i, h, rng) => new GRUCell({ inputSize: i, hiddenSize: h, rng }) as CellBase<unknown> },
  {
    name: 'gru resetAfter',
    ref: { cell: 'gru', resetAfter: true },
    make: (i, h, rng) => new GRUCell({ inputSize: i, hiddenSize: h, resetAfter: true, rng, recurrentBiasInit: (s, r) => tf.tensor(r.uniformArray(s[0]!, -0.5, 0.5), s as number[]) }) as CellBase<unknown>,
  },
  { name: 'lstm', ref: { cell: 'lstm' }, make: (i, h, rng) => new LSTMCell({ inputSize: i, hiddenSize: h, rng }) as CellBase<unknown> },
];

const B = 3;
const T = 5;
const IN = 4;
const H = 6;

/** Random bias so that the bias gradients are exercised away from zero. */
function randomise(cell: CellBase<unknown>, rng: Rng): void {
  tf.tidy(() => cell.bias.assign(tf.tensor(rng.uniformArray(cell.bias.size, -0.5, 0.5), cell.bias.shape)));
}

function maskCase(kind: 'none' | 'lengths' | 'mask'): { lengths?: number[]; mask?: tf.Tensor2D; ref: tf.Tensor | null } {
  if (kind === 'none') return { ref: null };
  if (kind === 'lengths') {
    const lengths = [5, 2, 0];
    const m = tf.tensor2d(lengths.map((l) => Array.from({ length: T }, (_, t) => (t < l ? 1 : 0))));
    return { lengths, ref: m };
  }
  // A mask with holes, as a bool tensor.
  const rows = [
    [1, 1, 0, 1, 1],
    [0, 1, 1, 0, 0],
    [1, 0, 1, 1, 0],
  ];
  return { mask: tf.tensor2d(rows, undefined, 'bool') as tf.Tensor2D, ref: tf.tensor2d(rows) };
}

describeBackends('fused sequence vs naive reference', ({ tolerance }) => {
  for (const v of VARIANTS) {
    for (const masking of ['none', 'lengths', 'mask'] as const) {
      for (const reverse of [false, true]) {
        // Both step implementations: fused gate kernels, and per-op tfjs math.
        for (const kernels of ['always', 'never'] as FusedKernelMode[]) {
          it(`${v.name}, mask=${masking}, reverse=${reverse}, fused kernels ${kernels}: outputs, final state and gradients`, async () => {
            const previous = setFusedKernelMode(kernels);
            const rng = new Rng(7);
            const cell = v.make(IN, H, rng);
            randomise(cell, rng);
            const x = tf.variable(tf.tensor3d(rng.normalArray(B * T * IN), [B, T, IN]));
            const h0 = tf.variable(tf.tensor2d(rng.normalArray(B * H, 0, 0.5), [B, H]));
            const c0 = tf.variable(tf.tensor2d(rng.normalArray(B * H, 0, 0.5), [B, H]));
            const wOut = tf.tensor3d(rng.normalArray(B * T * H), [B, T, H]);
            const wH = tf.tensor2d(rng.normalArray(B * H), [B, H]);
            const wC = tf.tensor2d(rng.normalArray(B * H), [B, H]);
            const m = maskCase(masking);
            const lstm = cell.hasCellState;
            const init: CellState = lstm ? { h: h0, c: c0 } : { h: h0 };
            const loss = (outputs: tf.Tensor, state: tf.Tensor[]) =>
              tf.addN([tf.sum(tf.mul(outputs, wOut)), tf.sum(tf.mul(state[0]!, wH)), ...(lstm ? [tf.sum(tf.mul(state[1]!, wC))] : [])]) as tf.Scalar;
            const vars = [...cell.parameters(), x, h0, ...(lstm ? [c0] : [])];

            const ours = tf.variableGrads(() => {
              const r = runSequence(cell, x, { initialState: init, lengths: m.lengths, mask: m.mask, reverse });
              return loss(r.output, lstm ? [r.state.h, r.state.c!] : [r.state.h]);
            }, vars);
            const refs = tf.variableGrads(() => {
              const p = { kernel: cell.kernel, recurrentKernel: cell.recurrentKernel, bias: cell.bias, recurrentBias: (cell as unknown as GRUCell).recurrentBias };
              const r = refSequence(v.ref, p, x, lstm ? [h0, c0] : [h0], m.ref, reverse);
              return loss(r.output, r.state);
            }, vars);
            await expectClose(ours.value, refs.value, tolerance * 10);
            for (const variable of vars) {
              const a = ours.grads[variable.name];
              const e = refs.grads[variable.name];
              expect(a, variable.name).toBeDefined();
              await expectClose(a!, e!, 1e-4);
            }
            // Outputs and final state themselves (no tape).
            const r = runSequence(cell, x, { initialState: init, lengths: m.lengths, mask: m.mask, reverse });
            const p = { kernel: cell.kernel, recurrentKernel: cell.recurrentKernel, bias: cell.bias, recurrentBias: (cell as unknown as GRUCell).recurrentBias };
            const e = refSequence(v.ref, p, x, lstm ? [h0, c0] : [h0], m.ref, reverse);
            await expectClose(r.output, e.output, tolerance);
            await expectClose(r.state.h, e.state[0]!, tolerance);
            if (lstm) await expectClose(r.state.c!, e.state[1]!, tolerance);
            tf.dispose([ours.value, refs.value, ...Object.values(ours.grads), ...Object.values(refs.grads), r.output, r.state.h, r.state.c, e.output, ...e.state]);
            tf.dispose([x, h0, c0, wOut, wH, wC]);
            m.mask?.dispose();
            m.ref?.dispose();
            cell.dispose();
            setFusedKernelMode(previous);
          });
        }
      }
    }
  }
});
