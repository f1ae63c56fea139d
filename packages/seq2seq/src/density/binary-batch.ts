/**
 * Host-side batches of binary images and their tensors. A batch is `count` images of `pixels`
 * bits each, image after image, row-major: the layout of `binarizedMnist` in
 * `@seq2seq/datasets/images`, so a batch is a slice of its `bits`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputError } from '@seq2seq/core';

/** `count` binary images of `pixels` bits each (0 or 1), image after image. */
export interface BinaryBatch {
  count: number;
  pixels: number;
  bits: Uint8Array;
}

/** Images `indices` of `bits` (images of `pixels` bits each) as one batch. */
export function binaryBatch(bits: Uint8Array, pixels: number, indices: readonly number[]): BinaryBatch {
  const out = new Uint8Array(indices.length * pixels);
  const count = bits.length / pixels;
  indices.forEach((index, row) => {
    if (!Number.isInteger(index) || index < 0 || index >= count) throw new InputError(`binaryBatch: expected image indices from 0 to ${count - 1}, got ${index}`);
    out.set(bits.subarray(index * pixels, (index + 1) * pixels), row * pixels);
  });
  return { count: indices.length, pixels, bits: out };
}

/**
 * The batch as a float32 tensor `[count, pixels]` of zeros and ones; throws an
 * {@link InputError} when it does not have `pixels` bits per image or holds a value other than 0 and 1.
 */
export function binaryTensor(batch: BinaryBatch, pixels: number, where: string): tf.Tensor2D {
  if (batch.pixels !== pixels || batch.bits.length !== batch.count * pixels) {
    throw new InputError(`${where}: expected images of ${pixels} pixels (${batch.count} images: ${batch.count * pixels} bits), got ${batch.pixels} pixels per image and ${batch.bits.length} bits`);
  }
  const values = new Float32Array(batch.bits.length);
  for (let i = 0; i < values.length; i++) {
    const b = batch.bits[i]!;
    if (b !== 0 && b !== 1) throw new InputError(`${where}: expected bits 0 or 1, got ${b} at image ${Math.floor(i / pixels)}, pixel ${i % pixels}`);
    values[i] = b;
  }
  return tf.tensor2d(values, [batch.count, pixels]); // [count, pixels]
}
