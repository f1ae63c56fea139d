/** Scoring binary images with a {@link BinaryDensityModel}: nats per image, in batches. */
import * as tf from '@tensorflow/tfjs-core';
import { checkInt } from '@seq2seq/core';
import { binaryBatch, binaryTensor, type BinaryBatch } from './binary-batch';
import type { BinaryDensityModel } from './model';

/** What {@link scoreBinaryImages} returns. */
export interface BinaryDensityScore {
  /** Images scored. */
  images: number;
  /** Mean `-log p(x)` per image in nats (an upper bound when `bound`). */
  natsPerImage: number;
  /** The nats of every image, in order. */
  perImage: Float64Array;
  /** Whether the numbers are upper bounds (a variational model) rather than exact. */
  bound: boolean;
}

/** Options of {@link scoreBinaryImages}. */
export interface ScoreBinaryImagesOptions {
  /** Images per forward pass. Default 500. */
  batchSize?: number;
}

/** Scores every image of `images` (`images.pixels` must be the model's width x height). */
export function scoreBinaryImages(model: BinaryDensityModel, images: BinaryBatch, options: ScoreBinaryImagesOptions = {}): BinaryDensityScore {
  const batchSize = checkInt(options.batchSize ?? 500, 'batchSize', 'scoreBinaryImages', 1);
  const pixels = model.width * model.height;
  const perImage = new Float64Array(images.count);
  for (let at = 0; at < images.count; at += batchSize) {
    const indices = Array.from({ length: Math.min(batchSize, images.count - at) }, (_, i) => at + i);
    const part = images.count <= batchSize ? images : binaryBatch(images.bits, images.pixels, indices);
    const nats = tf.tidy(() => model.nll(binaryTensor(part, pixels, 'scoreBinaryImages'))); // [batch]
    perImage.set(nats.dataSync() as Float32Array, at);
    nats.dispose();
  }
  const total = perImage.reduce((sum, x) => sum + x, 0);
  return { images: images.count, natsPerImage: images.count ? total / images.count : Number.NaN, perImage, bound: !model.exact };
}
