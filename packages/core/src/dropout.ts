/**
 * Inverted dropout (Srivastava et al. 2014): in training, zero each entry with probability `rate`
 * and scale the rest by `1 / (1 - rate)`; identity in evaluation. The mask is drawn from the
 * seeded {@link Rng}, so a run is reproducible.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Module } from './module';
import { Rng } from './rng';
import { checkNumber } from './validate';

/**
 * Applies inverted dropout to `x`. `noiseShape` (broadcastable to `x.shape`) shares one mask
 * along axes of size 1, e.g. `[batch, 1, features]` for the same mask at every time step
 * (variational dropout, Gal and Ghahramani 2016).
 */
export function dropout(x: tf.Tensor, rate: number, rng: Rng, noiseShape?: number[]): tf.Tensor {
  checkNumber(rate, 'rate', 'dropout', 0, 1);
  if (rate === 0) return x.clone();
  if (rate === 1) return tf.zerosLike(x);
  return tf.tidy(() => {
    const keep = tf.less(tf.randomUniform(noiseShape ?? x.shape, 0, 1, 'float32', rng.tfSeed()), 1 - rate);
    return tf.mul(x, tf.mul(tf.cast(keep, 'float32'), 1 / (1 - rate)));
  });
}

/** Configuration of {@link Dropout}. */
export interface DropoutConfig {
  /** Probability of zeroing an entry, in [0, 1). */
  rate: number;
  /** Random source for the masks. Default `new Rng(0)`. */
  rng?: Rng;
}

/** Options of {@link Dropout.apply}. */
export interface DropoutApplyOptions {
  /** Broadcastable to `x.shape`; axes of size 1 share one mask. Default `x.shape`. */
  noiseShape?: number[];
}

/** Dropout as a module: active only while the module is in training mode. */
export class Dropout extends Module {
  readonly rate: number;
  readonly #rng: Rng;

  constructor(config: DropoutConfig) {
    super();
    this.rate = checkNumber(config.rate, 'rate', 'Dropout', 0, 1);
    this.#rng = config.rng ?? new Rng(0);
  }

  /**
   * Returns a new tensor: masked in training mode, a copy of `x` otherwise. `noiseShape` shares
   * one mask along axes of size 1 (see {@link dropout}).
   */
  apply(x: tf.Tensor, options: DropoutApplyOptions = {}): tf.Tensor {
    return this.training && this.rate > 0 ? dropout(x, this.rate, this.#rng, options.noiseShape) : x.clone();
  }
}
