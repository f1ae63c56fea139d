/**
 * Train/dev/test split grouped by source sentence: every pair with the same source lands in the
 * same split, so a test sentence was never seen in training, not even with another translation.
 */
import { DatasetError } from '../errors';
import { type RandomSource, shuffleInPlace, toRandomSource } from '../random';

/** Options of {@link splitBySource}. */
export interface SplitOptions {
  /** Fraction of pairs for the dev split. Default 0.1. */
  dev?: number;
  /** Fraction of pairs for the test split. Default 0.1. The train split takes the rest. */
  test?: number;
  /** Generator or seed that picks which sources go where. Default seed 0. */
  random?: RandomSource | number;
}

/** Result of {@link splitBySource}; each split keeps the input order. */
export interface Splits<T> {
  train: T[];
  dev: T[];
  test: T[];
}

/**
 * Splits `pairs` by source: sources are shuffled, then whole groups fill test, then dev, until
 * each holds its fraction of the pairs (the last group may overshoot a little); the rest is train.
 *
 * @example
 * const { train, dev, test } = splitBySource(pairs, { dev: 0.05, test: 0.05, random: 42 });
 */
export function splitBySource<T extends { source: string }>(pairs: readonly T[], options: SplitOptions = {}): Splits<T> {
  const fn = 'splitBySource';
  const dev = checkFraction(options.dev ?? 0.1, 'dev');
  const test = checkFraction(options.test ?? 0.1, 'test');
  if (dev + test > 1) throw new DatasetError(`${fn}: dev + test must be at most 1, got ${dev} + ${test}`);
  const random: RandomSource = toRandomSource(options.random ?? 0, fn);

  const sizes = new Map<string, number>();
  for (const { source } of pairs) sizes.set(source, (sizes.get(source) ?? 0) + 1);
  const sources = shuffleInPlace([...sizes.keys()], random);
  const splitOf = new Map<string, keyof Splits<T>>();
  let filled = 0;
  for (const source of sources) {
    splitOf.set(source, filled < test * pairs.length ? 'test' : filled < (test + dev) * pairs.length ? 'dev' : 'train');
    filled += sizes.get(source) as number;
  }
  const out: Splits<T> = { train: [], dev: [], test: [] };
  for (const pair of pairs) out[splitOf.get(pair.source) as keyof Splits<T>].push(pair);
  return out;

  function checkFraction(x: unknown, name: string): number {
    if (typeof x !== 'number' || !(x >= 0 && x <= 1)) throw new DatasetError(`${fn}: '${name}' must be a fraction in [0, 1], got ${String(x)}`);
    return x;
  }
}
