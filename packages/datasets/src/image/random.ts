/**
 * Integer draws for the image generators. Every draw of every generator goes through
 * {@link uniformInt}, so a generator's output is a fixed function of the random source's stream.
 */
import type { RandomSource } from '../text/random';
import { DatasetError } from '../errors';

/** A uniform integer in `[low, high]` (both included): `low + floor(next() * (high - low + 1))`. */
export function uniformInt(random: RandomSource, low: number, high: number): number {
  const u = random.next();
  if (!(u >= 0 && u < 1)) {
    throw new DatasetError(`expected the random source's next() to return a number in [0, 1), got ${u}`);
  }
  return low + Math.floor(u * (high - low + 1));
}

/** Throws a {@link DatasetError} unless `random` has a `next()` method. @internal */
export function checkRandom(random: unknown, fnName: string): RandomSource {
  if (random == null || typeof (random as RandomSource).next !== 'function') {
    throw new DatasetError(`${fnName}: expected 'rng' to be a random source with next(): number (such as Rng of @seq2seq/core)`);
  }
  return random as RandomSource;
}
