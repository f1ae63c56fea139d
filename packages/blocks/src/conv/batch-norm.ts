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
 *
 * Training mode has its gradient written out (Ioffe and Szegedy, section 3), with
 * xhat = (x - mu) / sqrt(sigma^2 + epsilon) and sums over (b, h, w):
 *
 *   dL/dbeta = sum dy,   dL/dgamma = sum dy xhat,
 *   dL/dx = gamma / sqrt(sigma^2 + epsilon) (dy - dL/dbeta / n - xhat dL/dgamma / n)
 *
 * Written out, the backward pass makes a few full-size passes where autodiff of the forward
 * formula makes many (the gradients of mean, sub, square and both broadcasts). Every per-channel
 * sum is a `[1, n] x [n, C]` matMul with a row of ones; measured on WASM for a fresh
 * `[245760, 32]` tensor it costs about what `tf.sum(x, 0)` does (15 and 12 ms, the copy that
 * makes the tensor fresh subtracted), so either would do.
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

/**
 * Normalises each channel by batch statistics in training, by running statistics in evaluation.
 * The running statistics are created frozen; `unfreeze()` without a filter on a parent module
 * would make them trainable too (in eval mode an optimiser would then change them), so unfreeze
 * with a filter such as `(name) => !/running/.test(name)`.
 */
export class BatchNorm2D extends Module implements Block {
  /** Channels. */
  readonly inputSize: number;
  /** Channels (same as `inputSize`). */
  readonly outputSize: number;
  /** Weight of the newest batch in the running statistics. */
  readonly momentum: number;
  /** Added to the variance. */
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
      const { y, mean, variance } = batchNormTrain(x, this.gamma, this.beta, this.epsilon);
      const m = this.momentum;
      this.runningMean.assign(tf.add(tf.mul(this.runningMean, 1 - m), tf.mul(mean, m)));
      this.runningVar.assign(tf.add(tf.mul(this.runningVar, 1 - m), tf.mul(variance, (m * n) / (n - 1))));
      tf.dispose([mean, variance]); // kept by batchNormTrain, so that they leave its gradient scope
      return y;
    });
  }
}

/** Per-channel sum of `x: [n, C]` as `[1, n] x [n, C] -> [1, C]` (see the module comment). */
const channelSum = (ones: tf.Tensor2D, x: tf.Tensor2D): tf.Tensor2D => tf.matMul(ones, x);

/**
 * Training-mode batch norm of `x: [batch, H, W, C]` with its gradient written out: returns `y`
 * (same shape) and the batch `mean` and biased `variance` `[C]` (no gradient flows through these two;
 * they are kept with `tf.keep`, and the caller disposes them).
 */
function batchNormTrain(x: tf.Tensor4D, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number): { y: tf.Tensor4D; mean: tf.Tensor1D; variance: tf.Tensor1D } {
  const [batch, height, width, channels] = x.shape;
  const n = batch * height * width;
  const stats: { mean?: tf.Tensor1D; variance?: tf.Tensor1D } = {};
  const op = tf.customGrad(((xIn: tf.Tensor4D, g: tf.Tensor1D, b: tf.Tensor1D, save: tf.GradSaveFunc) => {
    const ones = tf.ones([1, n]) as tf.Tensor2D;
    const x2 = tf.reshape(xIn, [n, channels]) as tf.Tensor2D; // [n, C]
    const mean = tf.div(channelSum(ones, x2), n); // [1, C]
    const centered = tf.sub(x2, mean) as tf.Tensor2D; // [n, C]
    const variance = tf.div(channelSum(ones, tf.square(centered) as tf.Tensor2D), n); // [1, C], biased
    const rstd = tf.rsqrt(tf.add(variance, epsilon)); // [1, C]
    const xhat = tf.mul(centered, rstd) as tf.Tensor2D; // [n, C]
    const y = tf.add(tf.mul(xhat, g), b); // [n, C]
    stats.mean = tf.keep(tf.reshape(mean, [channels]) as tf.Tensor1D);
    stats.variance = tf.keep(tf.reshape(variance, [channels]) as tf.Tensor1D);
    save([xhat, rstd, g, ones]);
    return {
      value: tf.reshape(y, xIn.shape),
      gradFunc: (dy: tf.Tensor4D, saved: tf.Tensor[]) => {
        const [sxhat, srstd, sg, sones] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.Tensor2D];
        const dy2 = tf.reshape(dy, [n, channels]) as tf.Tensor2D; // [n, C]
        const dbeta = channelSum(sones, dy2); // [1, C]
        const dgamma = channelSum(sones, tf.mul(dy2, sxhat) as tf.Tensor2D); // [1, C]
        const dxhat = tf.sub(tf.sub(dy2, tf.div(dbeta, n)), tf.mul(sxhat, tf.div(dgamma, n))); // [n, C]
        const dx = tf.mul(dxhat, tf.mul(sg, srstd)); // [n, C] * [1, C]
        return [tf.reshape(dx, dy.shape), tf.reshape(dgamma, [channels]), tf.reshape(dbeta, [channels])];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  const y = op(x, gamma, beta) as tf.Tensor4D;
  return { y, mean: stats.mean!, variance: stats.variance! };
}
