/**
 * The digit-string data of every command, from the MNIST pools of `@seq2seq/datasets/images`:
 *
 * - training strings from the TRAIN pool minus its validation part, generated on the fly: the
 *   batches of epoch e come from an RNG seeded with (seed, e) alone, so a resumed run sees the
 *   batches an uninterrupted one would;
 * - validation: a fixed set of strings made from the last 10% of each digit's TRAIN pool images
 *   (never shown in training);
 * - evaluation: fresh strings from the TEST pool (never trained on, never validated on).
 */
import { Rng } from '@seq2seq/core';
import { imageBatch, makeDigitString, mnistPools, type DigitPool, type GrayImage } from '@seq2seq/datasets/images';
import { imageTokenBatch, SymbolVocabulary, type ImageTokenBatch } from '@seq2seq/seq2seq';

/** The output vocabulary of digit strings: `0`-`9`. */
export const DIGITS = SymbolVocabulary.digits();

/** Share of each digit's training-pool images kept for validation (from the end). */
export const VALIDATION_FRACTION = 0.1;

/** The three disjoint pools: training, validation (both from MNIST's train pool), test. */
export function digitPools(): { train: DigitPool; validation: DigitPool; test: DigitPool } {
  const pools = mnistPools();
  const cut = (images: GrayImage[]) => images.length - Math.max(1, Math.floor(VALIDATION_FRACTION * images.length));
  return {
    train: pools.train.map((images) => images.slice(0, cut(images))),
    validation: pools.train.map((images) => images.slice(cut(images))),
    test: pools.test,
  };
}

/** `count` digit strings from `pool`, drawn with `rng`. */
export function digitStrings(pool: DigitPool, rng: Rng, count: number): Array<{ image: GrayImage; label: string }> {
  return Array.from({ length: count }, () => {
    const s = makeDigitString(pool, rng);
    return { image: s.image, label: s.label };
  });
}

/** A training batch of strings. */
export function digitBatch(strings: ReadonlyArray<{ image: GrayImage; label: string }>): ImageTokenBatch {
  return imageTokenBatch(
    imageBatch(strings.map((s) => s.image)),
    strings.map((s) => DIGITS.encode(s.label)),
  );
}

/** The batches of training epoch `epoch`, generated lazily from an RNG seeded with (seed, epoch). */
export function* trainingBatches(pool: DigitPool, seed: number, epoch: number, batches: number, batchSize: number): Generator<ImageTokenBatch> {
  const rng = new Rng(seed * 1_000_003 + epoch * 7919 + 17);
  for (let b = 0; b < batches; b++) yield digitBatch(digitStrings(pool, rng, batchSize));
}

/** Cuts `items` into batches of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
