/**
 * Types shared by every recurrent cell and by the sequence runner.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { ActivationName } from '@seq2seq/core';

/** The state a cell carries from one step to the next. `c` is the LSTM's memory cell. */
export interface CellState {
  /** Hidden state, `[batch, hiddenSize]`; also the cell's output. */
  h: tf.Tensor2D;
  /** Memory cell, `[batch, hiddenSize]`; LSTM only. */
  c?: tf.Tensor2D;
}

/** Which cell a layer is built from. */
export type CellType = 'rnn' | 'gru' | 'lstm';

/**
 * Nonlinearity `phi` of {@link SimpleRNNCell} (and of the GRU candidate): the activations of
 * `@seq2seq/core` that the fused kernels differentiate by hand.
 */
export type RecurrentActivation = Extract<ActivationName, 'tanh' | 'relu' | 'sigmoid' | 'linear'>;

/** Options of a sequence run over one cell. */
export interface SequenceOptions {
  /**
   * Valid length of each sequence (`[batch]` integers in `[0, time]`). Steps at or after a
   * sequence's length are padding: they keep the previous state and output zeros.
   */
  lengths?: readonly number[] | Int32Array | tf.Tensor1D;
  /**
   * `[batch, time]` mask (bool, int32 or float32 of 0/1): 1 marks a real step, 0 a padded one,
   * which keeps the previous state and outputs zeros. Alternative to `lengths`.
   */
  mask?: tf.Tensor2D;
  /** Process the sequence from the last step to the first. Outputs stay in input order. Default false. */
  reverse?: boolean;
}

/**
 * The interface every cell implements: the per-step rule `state' = f(x, state)` and the fused
 * whole-sequence runner behind {@link runSequence} and {@link RNN}.
 */
export interface RecurrentCell {
  /** Size of the input features. */
  readonly inputSize: number;
  /** Size of the hidden state (each of `h` and `c`). */
  readonly hiddenSize: number;
  /** Size of each state tensor's feature axis (= hiddenSize). */
  readonly stateSize: number;
  /** Whether the state carries a memory cell `c` (LSTM). */
  readonly hasCellState: boolean;
  /** Number of gate blocks G in the fused kernels `[inputSize, G*hiddenSize]`. */
  readonly gates: number;
  /** Zero state for a batch. */
  initialState(batch: number): CellState;
  /** Input projection `x W + b` for all leading positions at once: `[..., inputSize]` -> `[..., G*hiddenSize]`. */
  projectInput(x: tf.Tensor): tf.Tensor;
  /** One step from a raw input `x: [batch, inputSize]`. Differentiable. */
  step(x: tf.Tensor2D, state: CellState): CellState;
  /** One step from a projected input `xProj: [batch, G*hiddenSize]` (from {@link RecurrentCell.projectInput}). */
  stepProjected(xProj: tf.Tensor2D, state: CellState): CellState;
  /**
   * Runs the whole sequence in the time-major layout: `x: [time, batch, inputSize]` ->
   * outputs `[time, batch, hiddenSize]` and the final state. `mask`, when given, is the
   * time-major `[time*batch, 1]` float32 0/1 mask.
   */
  runTimeMajor(x: tf.Tensor3D, state: CellState | undefined, mask: tf.Tensor2D | null, reverse: boolean): { output: tf.Tensor3D; state: CellState };
}
