/**
 * Generated tasks are samplers: functions that draw one example from a seeded generator. Sets
 * are drawn with {@link generatePairs}; an evaluation set that shares no source with the
 * training set with {@link generateHeldOut}.
 */
import type { TranslationPair } from '../corpus/pair';
import { DatasetError, checkInteger, describeValue } from '../errors';
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
  /**
   * What must be unseen. Default `'source'`: no source of `exclude`, nor a repeat. `'target'`: no
   * target of `exclude` (which must then carry targets), nor a repeat; for the date task, a day
   * that training never showed in any format.
   */
  distinctBy?: 'source' | 'target';
}

/**
 * `count` examples with distinct sources, none of which occurs in `exclude` (typically the
 * training set): a test of generalisation, not of memory. With `distinctBy: 'target'` the targets
 * are distinct and unseen instead. Throws a {@link DatasetError} when the task has too few unseen
 * examples to find `count` within `maxAttempts` draws.
 *
 * @example
 * const train = generatePairs(dateTask(), 10_000, 1);
 * const test = generateHeldOut(dateTask(), 1_000, train, 2);
 * const unseenDays = generateHeldOut(dateTask(), 1_000, train, 3, { distinctBy: 'target' });
 */
export function generateHeldOut(
  sampler: PairSampler,
  count: number,
  exclude: Iterable<{ source: string; target?: string }>,
  random: RandomSource | number,
  options: HeldOutOptions = {},
): TranslationPair[] {
  const fn = 'generateHeldOut';
  checkInteger(count, 'count', fn);
  const maxAttempts = checkInteger(options.maxAttempts ?? 100 * count + 1000, 'maxAttempts', fn);
  const by = options.distinctBy ?? 'source';
  if (by !== 'source' && by !== 'target') throw new DatasetError(`${fn}: 'distinctBy' must be 'source' or 'target', got ${describeValue(by)}`);
  const rng = toRandomSource(random, fn);
  const seen = new Set<string>();
  for (const pair of exclude) {
    const key = pair[by];
    if (typeof key !== 'string') throw new DatasetError(`${fn}: with distinctBy '${by}', every excluded example needs a string '${by}', got ${describeValue(key)}`);
    seen.add(key);
  }
  const out: TranslationPair[] = [];
  for (let attempt = 0; attempt < maxAttempts && out.length < count; attempt++) {
    const pair = sampler(rng);
    if (seen.has(pair[by])) continue;
    seen.add(pair[by]);
    out.push(pair);
  }
  if (out.length < count) {
    throw new DatasetError(`${fn}: found only ${out.length} of ${count} unseen ${by}s in ${maxAttempts} draws; the task has too few distinct examples`);
  }
  return out;
}
