/**
 * Which examples go in which batch: optional seeded shuffle, length bucketing (sort by length
 * within chunks of N batches, so a batch holds sequences of similar length and pads little,
 * while batches still vary from epoch to epoch), and a shuffle of the batch order.
 */
import { DatasetError, checkInteger } from '../errors';
import { type RandomSource, shuffleInPlace, toRandomSource } from '../random';
import type { EncodedPair } from './batch';

/** Options of {@link planBatches} and {@link makeBatches}. */
export interface BatchOptions {
  /** Examples per batch (the last batch may be smaller unless `dropLast`). */
  batchSize: number;
  /** Shuffle examples, then batches, with this generator or seed. Default: keep the input order. */
  random?: RandomSource | number;
  /**
   * Sort by (source length, target length) within chunks of this many batches; 0 turns
   * bucketing off. Default 0. With `random`, chunks are drawn after shuffling, so batches
   * change from one call to the next.
   */
  bucketChunk?: number;
  /** Drop the last batch when it has fewer than `batchSize` examples. Default `false`. */
  dropLast?: boolean;
}

/** Example indices of each batch, per {@link BatchOptions}. */
export function planBatches(pairs: readonly EncodedPair[], options: BatchOptions): number[][] {
  const fn = 'planBatches';
  if (options == null) throw new DatasetError(`${fn}: options with a batchSize are required`);
  const batchSize = checkInteger(options.batchSize, 'batchSize', fn, 1);
  const bucketChunk = checkInteger(options.bucketChunk ?? 0, 'bucketChunk', fn, 0);
  const random = options.random === undefined ? undefined : toRandomSource(options.random, fn);

  const order = [...pairs.keys()];
  if (random) shuffleInPlace(order, random);
  if (bucketChunk > 0) {
    const chunk = batchSize * bucketChunk;
    const byLength = (a: number, b: number): number =>
      (pairs[a] as EncodedPair).source.length - (pairs[b] as EncodedPair).source.length ||
      (pairs[a] as EncodedPair).target.length - (pairs[b] as EncodedPair).target.length;
    for (let start = 0; start < order.length; start += chunk) {
      order.slice(start, start + chunk).sort(byLength).forEach((index, i) => (order[start + i] = index));
    }
  }
  const batches: number[][] = [];
  for (let start = 0; start < order.length; start += batchSize) {
    const batch = order.slice(start, start + batchSize);
    if (batch.length === batchSize || !options.dropLast) batches.push(batch);
  }
  if (random) shuffleInPlace(batches, random);
  return batches;
}
