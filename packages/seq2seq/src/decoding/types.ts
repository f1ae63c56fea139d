/**
 * The contract between a model and the decoders: one step of a conditional distribution over
 * the next output, with a state that can be reordered (beam search) and disposed.
 */
import type * as tf from '@tensorflow/tfjs-core';

/** A decoder state: it holds tensors, so it has a `dispose()` (calling it twice is harmless). */
export interface StepState {
  /** Frees the state's tensors. */
  dispose(): void;
}

/** One decoding step of a model, over `rows` parallel hypotheses. */
export interface StepModel<S extends StepState> {
  /**
   * Log-probabilities of the next output for each row given the previous outputs (`tokens`,
   * one per row) and the state. Returns new tensors; does not dispose `state`.
   * `attention`, when the model has it, is `[rows, sourceTime]`.
   */
  step(tokens: Int32Array, state: S): { logProbs: tf.Tensor2D; state: S; attention?: tf.Tensor2D };
  /** The state of the rows `rows` of `state` (a row may repeat). Returns a new state; `state` is kept. */
  gather(state: S, rows: Int32Array): S;
}

/** Settings shared by all decoders. */
export interface DecodeOptions {
  /** First input token of every row (e.g. `<sos>`). */
  startToken: number;
  /** Token that ends a hypothesis (e.g. `<eos>`); `-1` for fixed-length outputs. */
  endToken: number;
  /**
   * Maximum number of output steps: one number for every input, or one per input (per row for
   * greedy decoding and sampling, per input for beam search), so that an input decoded in a batch
   * stops where it would alone.
   */
  maxLength: number | ArrayLike<number>;
}

/** One decoded output sequence. */
export interface Hypothesis {
  /** Output tokens, without the start token and without the end token. */
  tokens: number[];
  /** Sum of log-probabilities (including the end token when emitted). */
  logProb: number;
  /** Score used for ranking (length-normalised for beam search). */
  score: number;
  /** Attention weights of each output step (`[steps][sourceTime]`), when the model has attention. */
  attention: number[][];
  /** Whether the end token was emitted (false when cut at `maxLength`). */
  finished: boolean;
}
