/**
 * Image datasets for image-to-sequence models, the `@seq2seq/datasets/images` entry: 8-bit gray
 * images, PNG in and out, bilinear resizing, host-side batches, the MNIST digit pools and the
 * digit-string generator of issue 14.
 *
 * A separate entry so that a user of the text or geometry datasets never loads the 1.7 MB of
 * vendored MNIST digits: import from `@seq2seq/datasets/images`.
 */
export { DatasetError } from '../errors';
export { mulberry32, type RandomSource } from '../text/random';
export { type GrayImage, blankImage } from './gray-image';
export { resizeBilinear } from './resize';
export { pasteMax, crop } from './compose';
export { type ImageBatch, type ImageBatchShape, imageBatch } from './batch';
export { type DecodePngOptions, type EncodePngOptions, decodePng, encodePng } from './png';
export { type DigitPool, type MnistPools, MNIST_SIZE, MNIST_TRAIN_FRACTION, mnistPools } from './mnist/pools';
export {
  DIGIT_STRING,
  type DigitString,
  type PlacedDigit,
  type PlacedFragment,
  makeDigitString,
} from './digit-string';
