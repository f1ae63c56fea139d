/** Encoded examples to padded batches in one call. */
import { type Batch, type EncodedPair, collate } from './batch';
import { type BatchOptions, planBatches } from './plan';
import { PAD_ID } from '../vocab/specials';

/** Options of {@link makeBatches}. */
export interface MakeBatchesOptions extends BatchOptions {
  /** Id written after the end of each sequence. Default {@link PAD_ID}. */
  padId?: number;
}

/**
 * Padded batches of `pairs`, planned by {@link planBatches} and padded by {@link collate}.
 *
 * @example
 * const batches = makeBatches(encoded, { batchSize: 64, bucketChunk: 20, random: rng });
 * // batches[0].source: Int32Array [64 * sourceTime], batches[0].shape: { batch: 64, sourceTime, targetTime }
 */
export function makeBatches(pairs: readonly EncodedPair[], options: MakeBatchesOptions): Batch[] {
  return planBatches(pairs, options).map((indices) => collate(pairs, indices, options.padId ?? PAD_ID));
}
