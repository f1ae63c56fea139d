/** Batches of examples for training and reading (host arrays, no tfjs). */
import { Rng } from '@seq2seq/core';
import { imageBatch } from '@seq2seq/datasets/images';
import { imageTokenBatch, type ImageTokenBatch } from '@seq2seq/seq2seq';
import type { Example, VisionTask } from './tasks';

/** A training batch of examples. */
export function exampleBatch(task: VisionTask, examples: readonly Example[]): ImageTokenBatch {
  return imageTokenBatch(
    imageBatch(examples.map((s) => s.image)),
    examples.map((s) => task.vocabulary.encode(s.label)),
  );
}

/** The batches of training epoch `epoch`, generated lazily from an RNG seeded with (seed, epoch); `augmentShare`: the share of distorted strings ({@link VisionTask.train}). */
export function* trainingBatches(task: VisionTask, seed: number, epoch: number, batches: number, batchSize: number, augmentShare = 0): Generator<ImageTokenBatch> {
  const rng = new Rng(seed * 1_000_003 + epoch * 7919 + 17);
  for (let b = 0; b < batches; b++) yield exampleBatch(task, task.train(rng, batchSize, augmentShare));
}

/** Cuts `items` into batches of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
