/**
 * Host-side image batches: the `[batch, height, width, 1]` float layout (NHWC, tfjs's native
 * layout) that `tf.tensor4d(batch.pixels, shapeOf(batch))` turns into a model input, with no
 * TensorFlow.js import here.
 */
import { DatasetError } from '../errors';
import { checkGrayImage, type GrayImage } from './gray-image';

/** The sizes of an {@link ImageBatch}: `[batch, height, width, channels]`. */
export interface ImageBatchShape {
  /** Number of images. */
  batch: number;
  /** Rows of every image. */
  height: number;
  /** Columns of every image. */
  width: number;
  /** Always 1 (grayscale). */
  channels: 1;
}

/** Images as one float array, ready for `tf.tensor4d(pixels, [batch, height, width, channels])`. */
export interface ImageBatch {
  /** `[batch, height, width, 1]` row-major, each pixel `value / 255` in [0, 1]. */
  pixels: Float32Array;
  /** The sizes, see {@link ImageBatchShape}. */
  shape: ImageBatchShape;
}

/**
 * Stacks images of one size into an {@link ImageBatch}, scaling bytes to [0, 1] (`value / 255`).
 *
 * @throws DatasetError if `images` is empty, an entry is not a GrayImage, or sizes differ.
 */
export function imageBatch(images: readonly GrayImage[]): ImageBatch {
  if (!Array.isArray(images) || images.length === 0) {
    throw new DatasetError('imageBatch: expected a non-empty array of GrayImage');
  }
  const first = checkGrayImage(images[0], 'images[0]', 'imageBatch');
  const { width, height } = first;
  const size = width * height;
  const pixels = new Float32Array(images.length * size);
  images.forEach((image, b) => {
    checkGrayImage(image, `images[${b}]`, 'imageBatch');
    if (image.width !== width || image.height !== height) {
      throw new DatasetError(
        `imageBatch: expected every image to be ${width}x${height} like images[0], got ${image.width}x${image.height} at images[${b}]`,
      );
    }
    const offset = b * size;
    for (let i = 0; i < size; i++) pixels[offset + i] = image.pixels[i]! / 255;
  });
  return { pixels, shape: { batch: images.length, height, width, channels: 1 } };
}
