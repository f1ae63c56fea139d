/**
 * Group normalisation (Wu and He 2018, "Group normalization", eq. 1-3) over NHWC images: the
 * channels are split into `numGroups` groups of `C / G` consecutive channels, and each image's
 * group is normalised by its own mean and variance over height, width and the group's channels:
 *
 *   y = gamma_c (x - mu_{b,g}) / sqrt(sigma^2_{b,g} + epsilon) + beta_c
 *
 * It uses no batch statistics, so training and evaluation compute the same thing and a batch of
 * one works. `numGroups = 1` is layer norm over (H, W, C); `numGroups = C` is instance norm.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputError, Module, Rng, checkInt, checkNumber, ones, zeros } from '@seq2seq/core';
import type { Block } from '../block';
import { checkImage } from './geometry';

/** Configuration of {@link GroupNorm}. */
export interface GroupNormConfig {
  /** Channels. Required. */
  inputSize: number;
  /** Number of groups; must divide `inputSize`. Required (Wu and He use 32). */
  numGroups: number;
  /** Added to the variance. Default `1e-5` (PyTorch's default). */
  epsilon?: number;
}

/** Normalises each group of channels of each image, then scales and shifts each channel. */
export class GroupNorm extends Module implements Block {
  /** Channels. */
  readonly inputSize: number;
  /** Channels (same as `inputSize`). */
  readonly outputSize: number;
  /** Number of channel groups. */
  readonly numGroups: number;
  /** Added to the variance. */
  readonly epsilon: number;
  /** Scale `[channels]`, initialised to 1 (parameter name `gamma`). */
  readonly gamma: tf.Variable;
  /** Shift `[channels]`, initialised to 0 (parameter name `beta`). */
  readonly beta: tf.Variable;

  constructor(config: GroupNormConfig) {
    super();
    const op = 'GroupNorm';
    if (config == null || typeof config !== 'object') throw new InputError(`${op}: a config object { inputSize, numGroups } is required`);
    this.inputSize = this.outputSize = checkInt(config.inputSize, 'inputSize', op, 1);
    this.numGroups = checkInt(config.numGroups, 'numGroups', op, 1);
    if (this.inputSize % this.numGroups !== 0) throw new InputError(`${op}: 'numGroups' must divide 'inputSize' (${this.inputSize}), got ${this.numGroups}`);
    this.epsilon = checkNumber(config.epsilon ?? 1e-5, 'epsilon', op, 0);
    const rng = new Rng(0); // ones and zeros draw nothing
    this.gamma = this.addParameter('gamma', [this.inputSize], ones(), rng);
    this.beta = this.addParameter('beta', [this.inputSize], zeros(), rng);
  }

  /** `x: [batch, H, W, inputSize]` -> the same shape. */
  apply(x: tf.Tensor4D): tf.Tensor4D {
    checkImage(x, 'GroupNorm.apply', this.inputSize);
    const [batch, height, width, channels] = x.shape;
    const g = this.numGroups;
    return tf.tidy(() => {
      const grouped = tf.reshape(x, [batch, height, width, g, channels / g]); // [batch, H, W, G, C/G]
      const { mean, variance } = tf.moments(grouped, [1, 2, 4], true); // [batch, 1, 1, G, 1] each
      const normed = tf.mul(tf.sub(grouped, mean), tf.rsqrt(tf.add(variance, this.epsilon))); // [batch, H, W, G, C/G]
      return tf.add(tf.mul(tf.reshape(normed, x.shape), this.gamma), this.beta) as tf.Tensor4D; // [batch, H, W, C]
    });
  }
}

/** The largest divisor of `channels` that is at most `cap` (Wu and He's 32 groups where possible). */
export function defaultNumGroups(channels: number, cap = 32): number {
  for (let g = Math.min(cap, channels); g > 1; g--) if (channels % g === 0) return g;
  return 1;
}
