/**
 * Random sources for the geometry generators: the package's structural `RandomSource` (any
 * seeded generator, `@seq2seq/core`'s included) and mulberry32 for numeric seeds, checked draws.
 */

import { DatasetError } from '../errors';
import { mulberry32, type RandomSource } from '../text/random';

// One generator for the whole package: text's mulberry32 and its structural RandomSource.
export { mulberry32, type RandomSource };

/**
 * Turns a seed or a random source into a checked random source.
 *
 * A numeric seed must be a finite number; it is reduced to 32 bits (`seed >>> 0`) and drives
 * mulberry32. Every draw of the returned source is checked to lie in `[0, 1)`, so a wrongly
 * wired generator fails loudly instead of producing points outside the unit square.
 *
 * @internal
 */
export function toRandomSource(random: RandomSource | number, op: string): RandomSource {
  if (typeof random === 'number') {
    if (!Number.isFinite(random)) {
      throw new DatasetError(`${op}: expected 'random' to be a finite numeric seed or a RandomSource, got ${random}`);
    }
    return mulberry32(random);
  }
  if (typeof random !== 'object' || random === null || typeof random.next !== 'function') {
    throw new DatasetError(`${op}: expected 'random' to be a numeric seed or an object with next(): number`);
  }
  const source = random;
  return {
    next(): number {
      const value = source.next();
      if (!(value >= 0 && value < 1)) {
        throw new DatasetError(`${op}: expected random.next() to return a number in [0, 1), got ${value}`);
      }
      return value;
    },
  };
}
