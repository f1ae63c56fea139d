/**
 * Binary images as DRAW reads them: host arrays, one image after another, row-major, each pixel
 * 0 or 1. `binarizedMnist('train' | 'test')` of `@seq2seq/datasets/images` returns this shape, so a
 * whole pool (or a batch cut from it with {@link drawBatches}) goes straight into the model.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputError, type Rng } from '@seq2seq/core';

/** Binary images, `bits[i * width * height + y * width + x]` in {0, 1}. */
export interface DrawImages {
  /** Number of images. */
  count: number;
  /** Columns. Default: the model's width (then only the length of `bits` is checked). */
  width?: number;
  /** Rows. Default: the model's height. */
  height?: number;
  /** `count * width * height` zeros and ones. */
  bits: Uint8Array | Float32Array;
}

/** Options of {@link drawBatches}. */
export interface DrawBatchOptions {
  /** Images per batch (the last batch may be smaller). Default 64. */
  batchSize?: number;
  /** Shuffles the order of the images when given; default: the pool's order. */
  rng?: Rng;
  /** Use only the first `limit` images (after shuffling). Default all. */
  limit?: number;
}

/** The images at `indices` of `images`, copied into a new batch. */
export function selectImages(images: DrawImages, indices: ArrayLike<number>): DrawImages {
  const area = images.count > 0 ? images.bits.length / images.count : 0; // pixels per image
  const bits = new Uint8Array(indices.length * area);
  for (let i = 0; i < indices.length; i++) {
    const k = indices[i]!;
    if (!Number.isInteger(k) || k < 0 || k >= images.count) throw new InputError(`selectImages: index ${String(k)} is not an image index from 0 to ${images.count - 1}`);
    for (let p = 0; p < area; p++) bits[i * area + p] = images.bits[k * area + p]!;
  }
  const size = images.width !== undefined && images.height !== undefined ? { width: images.width, height: images.height } : {};
  return { count: indices.length, ...size, bits };
}

/** `images` cut into batches (see {@link DrawBatchOptions}), shuffled by `rng` when given. */
export function drawBatches(images: DrawImages, options: DrawBatchOptions = {}): DrawImages[] {
  const batchSize = options.batchSize ?? 64;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new InputError(`drawBatches: 'batchSize' must be an integer >= 1, got ${String(batchSize)}`);
  const order = options.rng ? options.rng.permutation(images.count) : Array.from({ length: images.count }, (_, i) => i);
  const limit = Math.min(options.limit ?? images.count, images.count);
  const out: DrawImages[] = [];
  for (let start = 0; start < limit; start += batchSize) out.push(selectImages(images, order.slice(start, Math.min(start + batchSize, limit))));
  return out;
}

/**
 * Checks a batch against the model's image size and that every pixel is 0 or 1; returns it as a
 * `[count, height * width]` float32 tensor. Throws an {@link InputError} saying what was expected.
 */
export function imagesTensor(images: DrawImages, width: number, height: number, op: string): tf.Tensor2D {
  if (images == null || typeof images !== 'object' || !(images.bits instanceof Uint8Array || images.bits instanceof Float32Array)) {
    throw new InputError(`${op}: expected binary images { count, width, height, bits: Uint8Array | Float32Array } (as binarizedMnist returns), got ${String(images)}`);
  }
  if ((images.width ?? width) !== width || (images.height ?? height) !== height) {
    throw new InputError(`${op}: the model draws ${width}x${height} images (width x height), got ${String(images.width ?? width)}x${String(images.height ?? height)}`);
  }
  const { count, bits } = images;
  if (!Number.isInteger(count) || count < 1) throw new InputError(`${op}: 'count' must be an integer >= 1, got ${String(count)}`);
  if (bits.length !== count * width * height) {
    throw new InputError(`${op}: 'bits' must hold count*width*height = ${count * width * height} pixels, got ${bits.length}`);
  }
  const pixels = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) {
    const v = bits[i]!;
    if (v !== 0 && v !== 1) {
      const area = width * height;
      throw new InputError(`${op}: DRAW models binary images (a Bernoulli per pixel): every pixel must be 0 or 1, got ${v} at image ${Math.floor(i / area)}, pixel ${i % area} (binarise first, e.g. binarizedMnist)`);
    }
    pixels[i] = v;
  }
  return tf.tensor2d(pixels, [count, width * height]);
}
