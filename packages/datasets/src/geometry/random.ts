/**
 * Random sources for the geometry generators: a structural interface that any seeded generator
 * satisfies (the one in `@seq2seq/core` included), and a private mulberry32 for numeric seeds.
 */

/**
 * Anything that yields uniform numbers in `[0, 1)`. Structural, so a seeded generator from
 * `@seq2seq/core` (or `{ next: Math.random }`) can be passed as is.
 */
export interface RandomSource {
  /** Returns the next uniform number in `[0, 1)`. */
  next(): number;
}

/**
 * mulberry32 (Tommy Ettinger, public domain): a 32-bit state generator, fast and good enough for
 * sampling data. Kept private to geometry so that it couples to nothing else in the package.
 *
 * @internal
 */
export function mulberry32(seed: number): RandomSource {
  let state = seed >>> 0;
  return {
    next(): number {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

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
      throw new TypeError(`${op}: expected 'random' to be a finite numeric seed or a RandomSource, got ${random}`);
    }
    return mulberry32(random);
  }
  if (typeof random !== 'object' || random === null || typeof random.next !== 'function') {
    throw new TypeError(`${op}: expected 'random' to be a numeric seed or an object with next(): number`);
  }
  const source = random;
  return {
    next(): number {
      const value = source.next();
      if (!(value >= 0 && value < 1)) {
        throw new RangeError(`${op}: expected random.next() to return a number in [0, 1), got ${value}`);
      }
      return value;
    },
  };
}
