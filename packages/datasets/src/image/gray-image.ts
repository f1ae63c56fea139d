/**
 * The one image type of the image datasets: 8-bit grayscale, row-major, 0 = black background,
 * 255 = ink (MNIST's convention). Host memory only; {@link imageBatch} turns a list of them into
 * the `[batch, height, width, 1]` floats a model reads.
 */
import { DatasetError } from '../errors';

/** An 8-bit grayscale image: `pixels[y * width + x]`, 0 = black background, 255 = ink. */
export interface GrayImage {
  /** Columns. */
  width: number;
  /** Rows. */
  height: number;
  /** `width * height` bytes, row-major, top row first. */
  pixels: Uint8Array;
}

/** A new all-black (0) image of the given size. */
export function blankImage(width: number, height: number): GrayImage {
  checkSize(width, 'width', 'blankImage');
  checkSize(height, 'height', 'blankImage');
  return { width, height, pixels: new Uint8Array(width * height) };
}

/**
 * Throws a {@link DatasetError} unless `image` is a well-formed {@link GrayImage}: positive
 * integer sizes and a `Uint8Array` of exactly `width * height` pixels.
 *
 * @internal
 */
export function checkGrayImage(image: unknown, argName: string, fnName: string): GrayImage {
  const im = image as GrayImage | null | undefined;
  if (im == null || typeof im !== 'object') {
    throw new DatasetError(`${fnName}: expected '${argName}' to be a GrayImage { width, height, pixels }, got ${String(im)}`);
  }
  if (!Number.isInteger(im.width) || im.width <= 0 || !Number.isInteger(im.height) || im.height <= 0) {
    throw new DatasetError(
      `${fnName}: expected '${argName}' to have positive integer width and height, got ${im.width}x${im.height}`,
    );
  }
  if (!(im.pixels instanceof Uint8Array) || im.pixels.length !== im.width * im.height) {
    const got = im.pixels instanceof Uint8Array ? `${im.pixels.length} bytes` : 'no Uint8Array';
    throw new DatasetError(
      `${fnName}: expected '${argName}.pixels' to be a Uint8Array of width * height = ${im.width * im.height} bytes, got ${got}`,
    );
  }
  return im;
}

function checkSize(value: number, argName: string, fnName: string): void {
  if (!Number.isInteger(value) || value <= 0) {
    throw new DatasetError(`${fnName}: expected '${argName}' to be a positive integer, got ${value}`);
  }
}
