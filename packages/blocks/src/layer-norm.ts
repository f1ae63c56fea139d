/**
 * Layer normalisation (Ba, Kiros and Hinton 2016, "Layer normalization", eq. 4), over the last
 * axis:
 *
 *   mu = mean_i x_i,   sigma^2 = mean_i (x_i - mu)^2
 *   y_i = g_i (x_i - mu) / sqrt(sigma^2 + epsilon) + b_i
 */
import * as tf from '@tensorflow/tfjs-core';
import { Module, Rng, checkInt, checkNumber, checkTensor, ones, zeros } from '@seq2seq/core';
import type { Block } from './block';

/** Configuration of {@link LayerNorm}. */
export interface LayerNormConfig {
  /** Size of the normalised (last) axis. */
  inputSize: number;
  /** Added to the variance. Default `1e-5` (PyTorch's default; Keras uses 1e-3). */
  epsilon?: number;
  /** Learn a gain `g` (initialised to 1) and a bias `b` (initialised to 0). Default `true`. */
  affine?: boolean;
}

/** Normalises each vector to zero mean and unit variance, then scales and shifts it. */
export class LayerNorm extends Module implements Block {
  readonly inputSize: number;
  readonly outputSize: number;
  readonly epsilon: number;
  /** `[inputSize]`, or null without `affine`. */
  readonly gain: tf.Variable | null;
  /** `[inputSize]`, or null without `affine`. */
  readonly bias: tf.Variable | null;

  constructor(config: LayerNormConfig) {
    super();
    this.inputSize = this.outputSize = checkInt(config.inputSize, 'inputSize', 'LayerNorm', 1);
    this.epsilon = checkNumber(config.epsilon ?? 1e-5, 'epsilon', 'LayerNorm', 0);
    const affine = config.affine ?? true;
    const rng = new Rng(0); // ones and zeros draw nothing
    this.gain = affine ? this.addParameter('gain', [this.inputSize], ones(), rng) : null;
    this.bias = affine ? this.addParameter('bias', [this.inputSize], zeros(), rng) : null;
  }

  /** `x: [..., inputSize]` -> `[..., inputSize]`. */
  apply(x: tf.Tensor): tf.Tensor {
    checkLastAxis(x, 'x', 'LayerNorm.apply', this.inputSize);
    return tf.tidy(() => {
      const { mean, variance } = tf.moments(x, -1, true); // [..., 1] each
      let y = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, this.epsilon))); // [..., F]
      if (this.gain) y = tf.mul(y, this.gain); // [..., F] * [F]
      if (this.bias) y = tf.add(y, this.bias); // [..., F] + [F]
      return y;
    });
  }
}

/**
 * Checks that `x` is a float32 tensor of rank >= 1 whose last axis has `features` entries; the
 * error names the argument and the expected shape (`[4, 7, 32]` for an input `[4, 7, 16]`).
 */
export function checkLastAxis(x: unknown, argName: string, opName: string, features: number): asserts x is tf.Tensor {
  const shape = x != null && typeof x === 'object' && 'shape' in x && Array.isArray((x as tf.Tensor).shape) ? (x as tf.Tensor).shape : [];
  checkTensor(x, argName, opName, shape.length >= 1 ? [...shape.slice(0, -1), features] : ['...', features]);
}
