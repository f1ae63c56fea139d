/**
 * What every binary image density model of this folder offers (and what the draw app's model
 * registry reads): the negative log-likelihood of a batch in nats per image (exact, or a bound),
 * a training loss, and sampling.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Module, Rng } from '@seq2seq/core';

/** Called after every sampled pixel: its index and all samples so far (`[n, pixels]`, row-major, later pixels 0). */
export type OnPixel = (pixel: number, bits: Uint8Array) => void;

/** A density model of binary images of `width x height` pixels. */
export interface BinaryDensityModel extends Module {
  /** The checkpoint kind (`'pixel-bernoulli'`, `'fvsbn'`). */
  readonly kind: string;
  readonly width: number;
  readonly height: number;
  /** Whether {@link BinaryDensityModel.nll} is the exact negative log-likelihood (else an upper bound). */
  readonly exact: boolean;
  /** Nats per image, `-log p(x)`: `x` `[batch, width * height]` of 0/1 -> `[batch]`. */
  nll(x: tf.Tensor2D): tf.Tensor1D;
  /** The training loss of a batch: the mean of {@link BinaryDensityModel.nll} plus any penalty. */
  loss(x: tf.Tensor2D): tf.Scalar;
  /** `n` samples, `[n, width * height]` row-major bits, drawn with `rng`. */
  sample(n: number, rng: Rng, onPixel?: OnPixel): Uint8Array;
}
