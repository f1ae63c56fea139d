/**
 * Binarised MNIST for density models (DRAW, spatial LSTMs): the digit pools of {@link mnistPools}
 * thresholded at one half, each image a row-major string of 784 zeros and ones.
 *
 * Binarisation: a pixel is 1 when `value / 255 > threshold` (default 0.5), else 0. This is the
 * fixed ("deterministic") binarisation; the published DRAW and PixelRNN numbers use a stochastic
 * one on 60,000 images, which scores worse for the same model.
 */
import { DatasetError } from '../../errors';
import { MNIST_SIZE, mnistPools } from './pools';

/** Images of one pool, binarised: `bits[i * 784 + y * 28 + x]` is 0 or 1. */
export interface BinaryImages {
  /** Number of images. */
  count: number;
  /** Columns (28). */
  width: number;
  /** Rows (28). */
  height: number;
  /** `count * width * height` values, each 0 or 1, image after image, row-major. */
  bits: Uint8Array;
  /** The digit of each image. */
  labels: Uint8Array;
}

/** Options of {@link binarizedMnist}. */
export interface BinarizedMnistOptions {
  /** A pixel is 1 when `value / 255 > threshold`. Default `0.5`. */
  threshold?: number;
}

/**
 * The training or test pool of MNIST (split as in {@link mnistPools}: per digit, the first 80% is
 * the training pool), binarised. Images come digit by digit (all 0s, then all 1s, ...), each digit
 * in the package's order; shuffle before splitting off a validation set.
 */
export function binarizedMnist(pool: 'train' | 'test', options: BinarizedMnistOptions = {}): BinaryImages {
  if (pool !== 'train' && pool !== 'test') {
    throw new DatasetError(`binarizedMnist: expected pool 'train' or 'test', got ${JSON.stringify(pool)}`);
  }
  const threshold = options.threshold ?? 0.5;
  if (typeof threshold !== 'number' || !(threshold >= 0 && threshold < 1)) {
    throw new DatasetError(`binarizedMnist: expected threshold in [0, 1), got ${String(threshold)}`);
  }
  const digits = mnistPools()[pool];
  const count = digits.reduce((sum, images) => sum + images.length, 0);
  const area = MNIST_SIZE * MNIST_SIZE;
  const bits = new Uint8Array(count * area);
  const labels = new Uint8Array(count);
  let i = 0;
  digits.forEach((images, digit) => {
    for (const { pixels } of images) {
      for (let p = 0; p < area; p++) bits[i * area + p] = pixels[p]! / 255 > threshold ? 1 : 0;
      labels[i] = digit;
      i++;
    }
  });
  return { count, width: MNIST_SIZE, height: MNIST_SIZE, bits, labels };
}

/** Image `index` of `images` as the 784-character string of `0`s and `1`s the draw app reads. */
export function bitString(images: BinaryImages, index: number): string {
  if (!Number.isInteger(index) || index < 0 || index >= images.count) {
    throw new DatasetError(`bitString: expected an image index from 0 to ${images.count - 1}, got ${String(index)}`);
  }
  const area = images.width * images.height;
  let out = '';
  for (let p = 0; p < area; p++) out += images.bits[index * area + p] === 1 ? '1' : '0';
  return out;
}
