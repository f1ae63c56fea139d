/**
 * Generated tasks are samplers: functions that draw one example from a seeded generator. Sets
 * are drawn with {@link generatePairs}; an evaluation set that shares no source with the
 * training set with {@link generateHeldOut}.
 */
import type { TranslationPair } from '../corpus/pair';
import { DatasetError, checkInteger } from '../errors';
import { type RandomSource, toRandomSource } from '../random';

/** Draws one example of a task. */
export type PairSampler = (random: RandomSource) => TranslationPair;

/** `count` examples drawn from `sampler` (duplicates possible, as in any sample). */
export function generatePairs(sampler: PairSampler, count: number, random: RandomSource | number): TranslationPair[] {
  checkInteger(count, 'count', 'generatePairs');
  const rng = toRandomSource(random, 'generatePairs');
  return Array.from({ length: count }, () => sampler(rng));
}

/** Options of {@link generateHeldOut}. */
export interface HeldOutOptions {
  /** Draws allowed before giving up. Default `100 * count + 1000`. */
  maxAttempts?: number;
}

/**
 * `count` examples with distinct sources, none of which occurs in `exclude` (typically the
 * training set): a test of generalisation, not of memory. Throws a {@link DatasetError} when the
 * task has too few unseen sources to find `count` within `maxAttempts` draws.
 *
 * @example
 * const train = generatePairs(dateTask(), 10_000, 1);
 * const test = generateHeldOut(dateTask(), 1_000, train, 2);
 */
export function generateHeldOut(
  sampler: PairSampler,
  count: number,
  exclude: Iterable<{ source: string }>,
  random: RandomSource | number,
  options: HeldOutOptions = {},
): TranslationPair[] {
  const fn = 'generateHeldOut';
  checkInteger(count, 'count', fn);
  const maxAttempts = checkInteger(options.maxAttempts ?? 100 * count + 1000, 'maxAttempts', fn);
  const rng = toRandomSource(random, fn);
  const seen = new Set<string>();
  for (const { source } of exclude) seen.add(source);
  const out: TranslationPair[] = [];
  for (let attempt = 0; attempt < maxAttempts && out.length < count; attempt++) {
    const pair = sampler(rng);
    if (seen.has(pair.source)) continue;
    seen.add(pair.source);
    out.push(pair);
  }
  if (out.length < count) {
    throw new DatasetError(`${fn}: found only ${out.length} of ${count} unseen sources in ${maxAttempts} draws; the task has too few distinct examples`);
  }
  return out;
}
