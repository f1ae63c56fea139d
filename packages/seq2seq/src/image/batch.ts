/**
 * Host batches of images (no tfjs): pixels `[batch, height, width, channels]` row-major in 0..1
 * (what `imageBatch` of `@seq2seq/datasets` makes), plus, for training, padded target ids
 * `<sos> y_1 ... y_n <eos>` as in a text {@link TokenBatch}.
 */
import { InputError } from '@seq2seq/core';

/** Images only: what {@link ImageToSequence.encode} reads. */
export interface ImageSourceBatch {
  /** `[batch, height, width, channels]` row-major, values in 0..1. */
  pixels: Float32Array;
  shape: { batch: number; height: number; width: number; channels: number };
}

/** Images with their target ids: what {@link ImageToSequence.loss} reads. */
export interface ImageTokenBatch {
  /** `[batch, height, width, channels]` row-major, values in 0..1. */
  pixels: Float32Array;
  /** `[batch * targetTime]` row-major ids `<sos> y_1 ... y_n <eos>`, padded with 0. */
  target: Int32Array;
  /** `[batch]` target lengths, `<sos>` and `<eos>` included. */
  targetLengths: Int32Array;
  shape: { batch: number; height: number; width: number; channels: number; targetTime: number };
}

/** Token ids every image-to-sequence vocabulary starts with. */
export const PAD_ID = 0;
export const SOS_ID = 1;
export const EOS_ID = 2;

/**
 * Packs images (each `pixels` of `height * width * channels` values in 0..1) and their output
 * ids (without specials) into an {@link ImageTokenBatch}: targets become `<sos> ids <eos>`,
 * padded with 0 to the longest.
 */
export function imageTokenBatch(
  images: { pixels: Float32Array; shape: { batch: number; height: number; width: number; channels: number } },
  targets: ReadonlyArray<ArrayLike<number>>,
): ImageTokenBatch {
  const { batch, height, width, channels } = images.shape;
  if (targets.length !== batch) throw new InputError(`imageTokenBatch: expected ${batch} targets (one per image), got ${targets.length}`);
  if (images.pixels.length !== batch * height * width * channels) {
    throw new InputError(`imageTokenBatch: 'pixels' must hold batch*height*width*channels = ${batch * height * width * channels} values, got ${images.pixels.length}`);
  }
  const targetTime = Math.max(...targets.map((t) => t.length)) + 2;
  const target = new Int32Array(batch * targetTime);
  const targetLengths = new Int32Array(batch);
  targets.forEach((ids, b) => {
    target[b * targetTime] = SOS_ID;
    for (let i = 0; i < ids.length; i++) target[b * targetTime + 1 + i] = ids[i]!;
    target[b * targetTime + 1 + ids.length] = EOS_ID;
    targetLengths[b] = ids.length + 2;
  });
  return { pixels: images.pixels, target, targetLengths, shape: { batch, height, width, channels, targetTime } };
}

/** Throws an {@link InputError} naming `op` unless `batch` is a well-formed {@link ImageTokenBatch} (targets and lengths; the pixels are checked where they are read). */
export function checkImageTokenBatch(batch: ImageTokenBatch, op: string): void {
  if (batch == null || typeof batch !== 'object' || batch.shape == null) throw new InputError(`${op}: expected an ImageTokenBatch, got ${String(batch)}`);
  const { batch: rows, targetTime } = batch.shape;
  if (!(batch.target instanceof Int32Array) || batch.target.length !== rows * targetTime) {
    throw new InputError(`${op}: 'target' must be an Int32Array of batch*targetTime = ${rows * targetTime} ids, got ${batch.target?.length}`);
  }
  if (!(batch.targetLengths instanceof Int32Array) || batch.targetLengths.length !== rows) {
    throw new InputError(`${op}: 'targetLengths' must be an Int32Array of ${rows} lengths, got ${batch.targetLengths?.length}`);
  }
  if (targetTime < 2) throw new InputError(`${op}: 'shape.targetTime' must be >= 2 (<sos> and <eos>), got ${targetTime}`);
}
