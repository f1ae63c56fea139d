/** Wrong shapes, dtypes and configs are rejected with messages naming the argument and the expected shape. */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { InputError, ShapeError } from '@seq2seq/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { GRUCell, LSTMCell, RNN, runSequence, SimpleRNNCell } from './index';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('input validation', () => {
  const rnn = new RNN({ cell: 'lstm', inputSize: 3, hiddenSize: 4, numLayers: 2 });
  const x = tf.zeros([2, 5, 3]) as tf.Tensor3D;

  it('rejects x of the wrong rank, size or dtype', () => {
    expect(() => rnn.apply(tf.zeros([5, 3]) as unknown as tf.Tensor3D)).toThrow(ShapeError);
    expect(() => rnn.apply(tf.zeros([5, 3]) as unknown as tf.Tensor3D)).toThrow("RNN.apply: argument 'x' must have shape [batch, time, 3], got [5, 3]");
    expect(() => rnn.apply(tf.zeros([2, 5, 4]) as tf.Tensor3D)).toThrow("argument 'x' must have shape [batch=2, time=5, 3], got [2, 5, 4]");
    expect(() => rnn.apply(tf.zeros([2, 5, 3], 'int32') as tf.Tensor3D)).toThrow("argument 'x' must have dtype float32, got int32");
    expect(() => rnn.apply([[1, 2, 3]] as unknown as tf.Tensor3D)).toThrow("argument 'x' must be a tf.Tensor of shape [batch, time, 3]");
  });

  it('rejects initial states of the wrong count or shape', () => {
    expect(() => rnn.apply(x, { initialState: rnn.initialState(2).slice(1) })).toThrow("'initialState' must be an array of 2 states");
    const bad = rnn.initialState(2);
    bad[1] = { h: tf.zeros([2, 5]) as tf.Tensor2D, c: tf.zeros([2, 4]) as tf.Tensor2D };
    expect(() => rnn.apply(x, { initialState: bad })).toThrow("argument 'initialState[1].h' must have shape [batch=2, 4], got [2, 5]");
    const noC = rnn.initialState(2);
    noC[0] = { h: tf.zeros([2, 4]) as tf.Tensor2D };
    expect(() => rnn.apply(x, { initialState: noC })).toThrow("argument 'initialState[0].c' must be a tf.Tensor of shape [batch, 4], got undefined");
    const otherBatch = rnn.initialState(3);
    expect(() => rnn.apply(x, { initialState: otherBatch })).toThrow("'initialState[0].h' must have shape [batch=2, 4], got [3, 4]");
  });

  it('rejects bad lengths and masks', () => {
    expect(() => rnn.apply(x, { lengths: [5] })).toThrow("'lengths' must have one entry per sequence (batch=2), got 1");
    expect(() => rnn.apply(x, { lengths: [5, 6] })).toThrow("'lengths[1]' must be an integer in [0, 5] (the time axis of x), got 6");
    expect(() => rnn.apply(x, { lengths: [5, 1.5] })).toThrow(InputError);
    expect(() => rnn.apply(x, { lengths: tf.tensor1d([5, 2, 1], 'int32') })).toThrow("argument 'lengths' must have shape [2], got [3]");
    expect(() => rnn.apply(x, { mask: tf.ones([2, 4]) as tf.Tensor2D })).toThrow("argument 'mask' must have shape [2, 5], got [2, 4]");
    expect(() => rnn.apply(x, { mask: tf.ones([2, 5]) as tf.Tensor2D, lengths: [1, 2] })).toThrow("give either 'lengths' or 'mask', not both");
  });

  it('rejects wrong step inputs and states', () => {
    const gru = new GRUCell({ inputSize: 3, hiddenSize: 4 });
    const h = tf.zeros([2, 4]) as tf.Tensor2D;
    expect(() => gru.step(tf.zeros([2, 4]) as tf.Tensor2D, { h })).toThrow("GRUCell.step: argument 'x' must have shape [batch=2, 3], got [2, 4]");
    expect(() => gru.step(tf.zeros([2, 3]) as tf.Tensor2D, { h: tf.zeros([1, 4]) as tf.Tensor2D })).toThrow("argument 'state.h' must have shape [batch=2, 4], got [1, 4]");
    expect(() => gru.stepProjected(tf.zeros([2, 3]) as tf.Tensor2D, { h })).toThrow("GRUCell.stepProjected: argument 'xProj' must have shape [batch=2, 12], got [2, 3]");
    const lstm = new LSTMCell({ inputSize: 3, hiddenSize: 4 });
    expect(() => lstm.step(tf.zeros([2, 3]) as tf.Tensor2D, { h })).toThrow("LSTMCell.step: argument 'state.c' must be a tf.Tensor of shape [batch, 4], got undefined");
    expect(() => runSequence(lstm, tf.zeros([2, 5, 2]) as tf.Tensor3D)).toThrow("runSequence: argument 'x' must have shape [batch=2, time=5, 3], got [2, 5, 2]");
    const bi = new RNN({ cell: 'gru', inputSize: 3, hiddenSize: 4, bidirectional: true });
    expect(() => bi.step(tf.zeros([2, 3]) as tf.Tensor2D, bi.initialState(2))).toThrow('a bidirectional layer cannot run step by step');
    expect(() => rnn.step(tf.zeros([2, 3]) as tf.Tensor2D, rnn.initialState(2).slice(0, 1))).toThrow("'state' must be an array of 2 states (one per layer), got 1");
  });

  it('rejects bad configs', () => {
    expect(() => new RNN({ cell: 'transformer' as 'gru', inputSize: 3, hiddenSize: 4 })).toThrow("RNN: 'cell' must be one of 'rnn', 'gru', 'lstm', got \"transformer\"");
    expect(() => new RNN({ cell: 'gru', inputSize: 3, hiddenSize: 0 })).toThrow("RNN: 'hiddenSize' must be an integer >= 1, got number 0");
    expect(() => new RNN({ cell: 'gru', inputSize: 3, hiddenSize: 4, residual: 0 })).toThrow('a residual connection around layer 0 needs inputSize (3) = output size (4)');
    expect(() => new RNN({ cell: 'lstm', inputSize: 3, hiddenSize: 4, resetAfter: true })).toThrow("'resetAfter' applies to cell 'gru' only");
    expect(() => new RNN({ cell: 'gru', inputSize: 3, hiddenSize: 4, dropout: 1 })).toThrow("'dropout' must be a finite number in [0, 0.999999]");
    expect(() => new RNN({ cell: 'gru', inputSize: 3, hiddenSize: 4, merge: 'max' as 'sum' })).toThrow("'merge' must be one of 'concat', 'sum'");
    expect(() => new SimpleRNNCell({ inputSize: 3, hiddenSize: 4, activation: 'gelu' as 'relu' })).toThrow("SimpleRNNCell: 'activation' must be one of 'tanh', 'relu', 'sigmoid', 'linear'");
    expect(() => new GRUCell({ inputSize: 2.5, hiddenSize: 4 })).toThrow("GRUCell: 'inputSize' must be an integer >= 1, got number 2.5");
  });
});
