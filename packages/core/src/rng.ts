/**
 * One seeded random generator that threads through initialisation, dropout and shuffling, so a
 * run is reproducible from a single number (nanoGPT's `set_seed`, made an object).
 *
 * Algorithm: xoshiro128** (Blackman and Vigna 2018), seeded through splitmix32. Streams for
 * sub-components come from {@link Rng.fork}, so adding a consumer does not shift the numbers that
 * other consumers see.
 */
import { InputError } from './errors';

export class Rng {
  #s: Uint32Array;

  /** @param seed any finite number; the same seed gives the same stream on every platform. */
  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new InputError(`Rng: seed must be a finite number, got ${seed}`);
    this.#s = new Uint32Array(4);
    let x = (Math.floor(seed) ^ Math.floor(seed / 2 ** 32)) >>> 0;
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      this.#s[i] = (z ^ (z >>> 16)) >>> 0;
    }
    if (this.#s.every((v) => v === 0)) this.#s[0] = 1;
  }

  /** Next unsigned 32-bit integer. */
  nextUint32(): number {
    const s = this.#s;
    const result = Math.imul(rotl(Math.imul(s[1]!, 5), 7), 9) >>> 0;
    const t = s[1]! << 9;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return result;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform float in [low, high). */
  uniform(low = 0, high = 1): number {
    return low + (high - low) * this.next();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new InputError(`Rng.int: n must be a positive integer, got ${n}`);
    return Math.floor(this.next() * n);
  }

  /** Standard normal sample (Box-Muller). */
  normal(mean = 0, std = 1): number {
    let u = this.next();
    while (u === 0) u = this.next();
    const v = this.next();
    return mean + std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Fills a new Float32Array with uniform samples in [low, high). */
  uniformArray(size: number, low = 0, high = 1): Float32Array {
    const out = new Float32Array(size);
    for (let i = 0; i < size; i++) out[i] = this.uniform(low, high);
    return out;
  }

  /** Fills a new Float32Array with normal samples. */
  normalArray(size: number, mean = 0, std = 1): Float32Array {
    const out = new Float32Array(size);
    for (let i = 0; i < size; i++) out[i] = this.normal(mean, std);
    return out;
  }

  /** Shuffles `items` in place (Fisher-Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): number[] {
    return this.shuffle(Array.from({ length: n }, (_, i) => i));
  }

  /**
   * A seed for tfjs random ops (`tf.randomUniform(..., seed)`), never 0: in tfjs a seed of 0
   * means "unseeded".
   */
  tfSeed(): number {
    return (this.nextUint32() % 2147483646) + 1;
  }

  /** An independent generator derived from this one's next output. */
  fork(): Rng {
    return new Rng(this.nextUint32() * 4294967296 + this.nextUint32());
  }

  /** The generator's state, for checkpoints. */
  getState(): number[] {
    return Array.from(this.#s);
  }

  /** Restores a state from {@link Rng.getState}. */
  setState(state: readonly number[]): void {
    if (state.length !== 4 || state.some((v) => !Number.isInteger(v) || v < 0 || v > 0xffffffff)) {
      throw new InputError('Rng.setState: expected 4 unsigned 32-bit integers from Rng.getState()');
    }
    this.#s.set(state);
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** Accepts an {@link Rng} or a seed and returns an {@link Rng}. */
export function toRng(rngOrSeed: Rng | number | undefined, fallbackSeed = 0): Rng {
  if (rngOrSeed instanceof Rng) return rngOrSeed;
  return new Rng(rngOrSeed ?? fallbackSeed);
}
