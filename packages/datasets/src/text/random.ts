/**
 * Seeded randomness for shuffling, splitting and generated tasks. Any object with a `next()`
 * returning a uniform number in [0, 1) will do (the seeded generator of `@seq2seq/core`, or
 * {@link mulberry32} shipped here); a plain number is taken as a seed for {@link mulberry32}.
 */
import { DatasetError, describeValue } from './errors';

/** A source of uniform random numbers in [0, 1). Structural, so any seeded generator fits. */
export interface RandomSource {
  /** Next uniform number in [0, 1). */
  next(): number;
}

/**
 * Mulberry32 (Tommy Ettinger, 2017): a 32-bit state generator, fast and good enough for
 * shuffling and sampling. Same seed, same sequence, on every platform.
 *
 * @param seed - any number; its low 32 bits are used.
 */
export function mulberry32(seed: number): RandomSource {
  let state = seed >>> 0;
  return {
    next(): number {
      state = (state + 0x6d2b79f5) | 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

/** A {@link RandomSource} as given, or {@link mulberry32} seeded with a number. */
export function toRandomSource(random: RandomSource | number, fnName: string): RandomSource {
  if (typeof random === 'number') {
    if (!Number.isFinite(random)) throw new DatasetError(`${fnName}: seed must be a finite number, got ${random}`);
    return mulberry32(random);
  }
  if (random == null || typeof (random as RandomSource).next !== 'function') {
    throw new DatasetError(`${fnName}: 'random' must be a seed or an object with next(): number, got ${describeValue(random)}`);
  }
  return random;
}

/** Uniform integer in [0, n). */
export function randomBelow(random: RandomSource, n: number): number {
  return Math.min(n - 1, Math.floor(random.next() * n));
}

/** Uniform integer in [min, max], both inclusive. */
export function randomInt(random: RandomSource, min: number, max: number): number {
  return min + randomBelow(random, max - min + 1);
}

/** Fisher–Yates shuffle of `items` in place; returns `items`. */
export function shuffleInPlace<T>(items: T[], random: RandomSource): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomBelow(random, i + 1);
    const tmp = items[i] as T;
    items[i] = items[j] as T;
    items[j] = tmp;
  }
  return items;
}
