/**
 * The tiny model the training tests share (the trainer, the training run, data parallelism): the
 * two-layer regressor `y = tanh(x W1 + b1) W2`, small enough to train in milliseconds.
 * Test support, not exported from the package.
 *
 * @internal
 */
import * as tf from '@tensorflow/tfjs-core';
import { Module, Rng, normal, zeros } from '@seq2seq/core';

/** Sizes of {@link ToyRegressor}. */
export interface ToyRegressorConfig {
  /** Features of a row. Default 3. */
  inputSize?: number;
  /** Width of the tanh layer. Default 4. */
  hiddenSize?: number;
}

export class ToyRegressor extends Module {
  readonly w1: tf.Variable;
  readonly b1: tf.Variable;
  readonly w2: tf.Variable;

  constructor(seed: number, { inputSize = 3, hiddenSize = 4 }: ToyRegressorConfig = {}) {
    super();
    const rng = new Rng(seed);
    this.w1 = this.addParameter('w1', [inputSize, hiddenSize], normal(0.5), rng);
    this.b1 = this.addParameter('b1', [hiddenSize], zeros(), rng);
    this.w2 = this.addParameter('w2', [hiddenSize, 1], normal(0.5), rng);
  }

  predict(x: tf.Tensor2D): tf.Tensor2D {
    return tf.matMul(tf.tanh(tf.add(tf.matMul(x, this.w1), this.b1)), this.w2); // [N, in] -> [N, 1]
  }
}
