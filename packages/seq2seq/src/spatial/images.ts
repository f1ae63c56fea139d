/**
 * Images of quantised intensities, as a density model over K levels reads them, and the texture
 * helpers: quantise a gray image to K levels, cut random training patches from it, split images
 * into (shuffled) batches.
 */
import { InputError, Rng } from '@seq2seq/core';

/**
 * `count` images of `height x width` pixels, each an integer level in [0, K):
 * `levels[n * height * width + i * width + j]` is pixel (i, j) of image n. Binarised MNIST from
 * `@seq2seq/datasets/images` is `{ ...mnist, levels: mnist.bits }` with K = 2.
 */
export interface LevelImages {
  count: number;
  height: number;
  width: number;
  levels: ArrayLike<number>;
}

/** A gray image with intensities in [0, 1], row-major. */
export interface GrayImage {
  height: number;
  width: number;
  pixels: ArrayLike<number>;
}

const isCount = (v: unknown, min: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min;

/**
 * Checks `images` against K `levels`; throws an {@link InputError} naming `op` and what was
 * expected (sizes, length, the first pixel that is not an integer in [0, levels)).
 */
export function checkLevelImages(images: LevelImages, levels: number, op: string): void {
  if (images == null || typeof images !== 'object') throw new InputError(`${op}: expected images { count, height, width, levels }, got ${String(images)}`);
  const { count, height, width } = images;
  if (!isCount(count, 1) || !isCount(height, 1) || !isCount(width, 1)) {
    throw new InputError(`${op}: expected images with integer count, height and width >= 1, got count ${String(count)}, height ${String(height)}, width ${String(width)}`);
  }
  const px = images.levels;
  if (px == null || typeof px.length !== 'number' || px.length !== count * height * width) {
    throw new InputError(`${op}: expected ${count} x ${height} x ${width} = ${count * height * width} levels, got ${px == null ? String(px) : px.length}`);
  }
  for (let p = 0; p < px.length; p++) {
    const v = px[p]!;
    if (!(Number.isInteger(v) && v >= 0 && v < levels)) throw new InputError(`${op}: pixel ${p} has level ${v}, expected an integer in [0, ${levels})`);
  }
}

/**
 * A gray image quantised to `levels` levels: intensity v in [0, 1] becomes
 * `min(levels - 1, floor(v * levels))` (equal-width bins). Throws an {@link InputError} for an
 * intensity outside [0, 1] or fewer than 2 levels.
 */
export function quantise(image: GrayImage, levels: number): LevelImages {
  const op = 'quantise';
  if (!isCount(levels, 2) || levels > 256) throw new InputError(`${op}: 'levels' must be an integer in [2, 256], got ${String(levels)}`);
  if (image == null || !isCount(image.height, 1) || !isCount(image.width, 1) || image.pixels?.length !== image.height * image.width) {
    throw new InputError(`${op}: expected a gray image { height, width, pixels } with height * width pixels`);
  }
  const out = new Uint8Array(image.height * image.width);
  for (let p = 0; p < out.length; p++) {
    const v = image.pixels[p]!;
    if (!(v >= 0 && v <= 1)) throw new InputError(`${op}: pixel ${p} has intensity ${v}, expected a number in [0, 1]`);
    out[p] = Math.min(levels - 1, Math.floor(v * levels));
  }
  return { count: 1, height: image.height, width: image.width, levels: out };
}

/** The gray intensity of each level's bin centre, `(level + 0.5) / levels`: a quantised image back to [0, 1]. */
export function dequantise(images: LevelImages, levels: number): Float32Array {
  const out = new Float32Array(images.levels.length);
  for (let p = 0; p < out.length; p++) out[p] = (images.levels[p]! + 0.5) / levels;
  return out;
}

/**
 * `count` patches of `height x width` pixels cut at random places (uniform over all positions,
 * drawn from `rng`) from the first image of `source`: the training set of a texture.
 */
export function randomPatches(source: LevelImages, count: number, height: number, width: number, rng: Rng): LevelImages {
  const op = 'randomPatches';
  if (!isCount(count, 1)) throw new InputError(`${op}: 'count' must be an integer >= 1, got ${String(count)}`);
  if (!isCount(height, 1) || !isCount(width, 1) || height > source.height || width > source.width) {
    throw new InputError(`${op}: a patch must fit the ${source.height}x${source.width} image, got ${String(height)}x${String(width)}`);
  }
  const out = new Uint8Array(count * height * width);
  for (let n = 0; n < count; n++) {
    const top = rng.int(source.height - height + 1);
    const left = rng.int(source.width - width + 1);
    for (let i = 0; i < height; i++) {
      for (let j = 0; j < width; j++) out[(n * height + i) * width + j] = source.levels[(top + i) * source.width + left + j]!;
    }
  }
  return { count, height, width, levels: out };
}

/** Images `start .. start + count - 1` of `images` (a copy). */
export function sliceImages(images: LevelImages, start: number, count: number): LevelImages {
  const area = images.height * images.width;
  const out = new Uint8Array(count * area);
  for (let n = 0; n < count; n++) for (let p = 0; p < area; p++) out[n * area + p] = images.levels[(start + n) * area + p]!;
  return { count, height: images.height, width: images.width, levels: out };
}

/** The `height x width` window at (`top`, `left`) of every image (a copy); e.g. the centre of MNIST digits. */
export function cropImages(images: LevelImages, top: number, left: number, height: number, width: number): LevelImages {
  if (!isCount(top, 0) || !isCount(left, 0) || !isCount(height, 1) || !isCount(width, 1) || top + height > images.height || left + width > images.width) {
    throw new InputError(`cropImages: the window ${String(height)}x${String(width)} at (${String(top)}, ${String(left)}) must lie inside the ${images.height}x${images.width} images`);
  }
  const out = new Uint8Array(images.count * height * width);
  for (let n = 0; n < images.count; n++) {
    for (let i = 0; i < height; i++) {
      for (let j = 0; j < width; j++) out[(n * height + i) * width + j] = images.levels[(n * images.height + top + i) * images.width + left + j]!;
    }
  }
  return { count: images.count, height, width, levels: out };
}

/**
 * `images` split into batches of `batchSize` (the last may be smaller), in an order shuffled by
 * `rng`, or in order without one.
 */
export function levelImageBatches(images: LevelImages, batchSize: number, rng?: Rng): LevelImages[] {
  if (!isCount(batchSize, 1)) throw new InputError(`levelImageBatches: 'batchSize' must be an integer >= 1, got ${String(batchSize)}`);
  const order = rng ? rng.permutation(images.count) : [...Array(images.count).keys()];
  const area = images.height * images.width;
  const batches: LevelImages[] = [];
  for (let start = 0; start < order.length; start += batchSize) {
    const ids = order.slice(start, start + batchSize);
    const out = new Uint8Array(ids.length * area);
    ids.forEach((id, n) => {
      for (let p = 0; p < area; p++) out[n * area + p] = images.levels[id * area + p]!;
    });
    batches.push({ count: ids.length, height: images.height, width: images.width, levels: out });
  }
  return batches;
}
