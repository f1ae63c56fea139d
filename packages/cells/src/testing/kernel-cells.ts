/**
 * The cells every whole-sequence kernel (native WASM, WGSL) is tested with: both GRUs, with the
 * activations whose derivatives differ, and the LSTM. Not part of the public API.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '@seq2seq/core';
import type { CellBase } from '../cell-base';
import { GRUCell } from '../gru';
import { LSTMCell } from '../lstm';

/** Builds a cell of one kind for `inputSize`, `hiddenSize`. */
export type MakeCell = (inputSize: number, hiddenSize: number, rng: Rng) => CellBase<unknown>;

export const KERNEL_TEST_CELLS: ReadonlyArray<{ name: string; make: MakeCell }> = [
  { name: 'gru (reset before U)', make: (i, h, rng) => new GRUCell({ inputSize: i, hiddenSize: h, rng }) as CellBase<unknown> },
  { name: 'gru (reset before U), relu', make: (i, h, rng) => new GRUCell({ inputSize: i, hiddenSize: h, activation: 'relu', rng }) as CellBase<unknown> },
  {
    name: 'gru resetAfter',
    make: (i, h, rng) => new GRUCell({ inputSize: i, hiddenSize: h, resetAfter: true, rng, recurrentBiasInit: (s, r) => tf.tensor(r.uniformArray(s[0]!, -0.5, 0.5), s as number[]) }) as CellBase<unknown>,
  },
  { name: 'gru resetAfter, sigmoid', make: (i, h, rng) => new GRUCell({ inputSize: i, hiddenSize: h, resetAfter: true, activation: 'sigmoid', rng }) as CellBase<unknown> },
  { name: 'lstm', make: (i, h, rng) => new LSTMCell({ inputSize: i, hiddenSize: h, rng }) as CellBase<unknown> },
];
