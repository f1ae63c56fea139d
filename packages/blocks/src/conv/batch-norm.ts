/**
 * Batch normalisation over the channels of NHWC images (Ioffe and Szegedy 2015, "Batch
 * normalization", Algorithm 1 and 2), with PyTorch's semantics:
 *
 *   train():  mu_c = mean_{b,h,w} x,  sigma^2_c = mean_{b,h,w} (x - mu_c)^2   (batch statistics)
 *             y = gamma_c (x - mu_c) / sqrt(sigma^2_c + epsilon) + beta_c
 *             runningMean <- (1 - momentum) runningMean + momentum mu_c
 *             runningVar  <- (1 - momentum) runningVar  + momentum sigma^2_c n / (n - 1)
 *   eval():   y = gamma_c (x - runningMean_c) / sqrt(runningVar_c + epsilon) + beta_c
 *
 * with n = batch * height * width (the running variance is the unbiased estimate, as in
 * PyTorch). The running statistics are non-trainable parameters, so they are saved and loaded
 * with the weights (`runningMean`, `runningVar`).
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputError, Module, Rng, ShapeError, checkInt, checkNumber, ones, zeros } from '@seq2seq/core';
import type { Block } from '../block';
import { checkImage } from './geometry';

/** Configuration of {@link BatchNorm2D}. */
export interface BatchNorm2DConfig {
  /** Channels. Required. */
  inputSize: number;
  /** Weight of the newest batch in the running statistics (PyTorch's convention). Default `0.1`. */
  momentum?: number;
  /** Added to the variance. Default `1e-5` (PyTorch's default). */
  epsilon?: number;
}

/** Normalises each channel by batch statistics in training, by running statistics in evaluation. */
export class BatchNorm2D extends Module implements Block {
  readonly inputSize: number;
  readonly outputSize: number;
  readonly momentum: number;
  readonly epsilon: number;
  /** Scale `[channels]`, initialised to 1 (parameter name `gamma`). */
  readonly gamma: tf.Variable;
  /** Shift `[channels]`, initialised to 0 (parameter name `beta`). */
  readonly beta: tf.Variable;
  /** Running mean `[channels]`, initialised to 0; not trainable (parameter name `runningMean`). */
  readonly runningMean: tf.Variable;
  /** Running (unbiased) variance `[channels]`, initialised to 1; not trainable (parameter name `runningVar`). */
  readonly runningVar: tf.Variable;

  constructor(config: BatchNorm2DConfig) {
    super();
    const op = 'BatchNorm2D';
    if (config == null || typeof config !== 'object') throw new InputError(`${op}: a config object { inputSize } is required`);
    this.inputSize = this.outputSize = checkInt(config.inputSize, 'inputSize', op, 1);
    this.momentum = checkNumber(config.momentum ?? 0.1, 'momentum', op, 0, 1);
    this.epsilon = checkNumber(config.epsilon ?? 1e-5, 'epsilon', op, 0);
    const rng = new Rng(0); // ones and zeros draw nothing
    this.gamma = this.addParameter('gamma', [this.inputSize], ones(), rng);
    this.beta = this.addParameter('beta', [this.inputSize], zeros(), rng);
    this.runningMean = this.addParameter('runningMean', [this.inputSize], zeros(), rng, false);
    this.runningVar = this.addParameter('runningVar', [this.inputSize], ones(), rng, false);
  }

  /**
   * `x: [batch, H, W, inputSize]` -> the same shape. In training mode this also updates the
   * running statistics (once per call).
   */
  apply(x: tf.Tensor4D): tf.Tensor4D {
    const op = 'BatchNorm2D.apply';
    checkImage(x, op, this.inputSize);
    const [batch, height, width] = x.shape;
    const n = batch * height * width;
    if (!this.training) {
      return tf.tidy(() => {
        const scale = tf.mul(this.gamma, tf.rsqrt(tf.add(this.runningVar, this.epsilon))); // [C]
        const shift = tf.sub(this.beta, tf.mul(this.runningMean, scale)); // [C]
        return tf.add(tf.mul(x, scale), shift) as tf.Tensor4D; // [batch, H, W, C]
      });
    }
    if (n < 2) throw new ShapeError(`${op}: training mode needs more than one value per channel (batch * height * width >= 2), got x of shape [${x.shape.join(', ')}]; call eval() to use the running statistics`);
    return tf.tidy(() => {
      const mean = tf.mean(x, [0, 1, 2]); // [C]
      const centered = tf.sub(x, mean); // [batch, H, W, C]
      const variance = tf.mean(tf.square(centered), [0, 1, 2]); // [C], biased
      const y = tf.add(tf.mul(centered, tf.mul(this.gamma, tf.rsqrt(tf.add(variance, this.epsilon)))), this.beta); // [batch, H, W, C]
      const m = this.momentum;
      this.runningMean.assign(tf.add(tf.mul(this.runningMean, 1 - m), tf.mul(mean, m)));
      this.runningVar.assign(tf.add(tf.mul(this.runningVar, 1 - m), tf.mul(variance, (m * n) / (n - 1))));
      return y as tf.Tensor4D;
    });
  }
}
