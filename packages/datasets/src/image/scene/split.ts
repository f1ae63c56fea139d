/**
 * The three scene sets of the caption task, each from its own seeded stream so that the size of
 * one never changes the scenes of another:
 * - train: training pool images, no held-out fact;
 * - test: test pool images, no held-out fact (new images, seen combinations);
 * - heldOut: test pool images, at least one held-out fact (new images, new combinations).
 */
import { DatasetError } from '../../errors';
import { mulberry32 } from '../../text/random';
import { type FashionPools, fashionPools } from '../fashion/pools';
import { makeScene, type Scene } from './scene';
import { HELD_OUT_FACTS, type SpatialFact } from './facts';

/** Options of {@link sceneSplit}. */
export interface SceneSplitOptions {
  /** Seed of the three streams (mulberry32 of `seed`, `seed + 1`, `seed + 2`, hashed). */
  seed: number;
  /** Training scenes. */
  train: number;
  /** Test scenes with seen combinations. Default 0. */
  test?: number;
  /** Held-out scenes with unseen combinations. */
  heldOut: number;
  /** Fewest and most items per scene; defaults 2 and 3 as in makeScene. */
  minItems?: number;
  maxItems?: number;
  /** The held-out combinations. Default HELD_OUT_FACTS. */
  heldOutFacts?: readonly SpatialFact[];
  /** Item pools. Default fashionPools(). */
  pools?: FashionPools;
}

/** The scenes of {@link sceneSplit}. */
export interface SceneSplits {
  train: Scene[];
  test: Scene[];
  heldOut: Scene[];
}

/**
 * Draws the training, test and held-out scenes (module comment). The same options give the same
 * scenes on every platform.
 */
export function sceneSplit(options: SceneSplitOptions): SceneSplits {
  const { seed, train, test = 0, heldOut, minItems, maxItems, heldOutFacts = HELD_OUT_FACTS } = options;
  if (!Number.isFinite(seed)) throw new DatasetError(`sceneSplit: expected 'seed' to be a finite number, got ${seed}`);
  for (const [name, count] of [['train', train], ['test', test], ['heldOut', heldOut]] as const) {
    if (!Number.isInteger(count) || count < 0) {
      throw new DatasetError(`sceneSplit: expected '${name}' to be a count (a non-negative integer), got ${count}`);
    }
  }
  const pools = options.pools ?? fashionPools();
  const draw = (count: number, stream: number, pool: FashionPools['train'], split: 'train' | 'held-out') => {
    const random = mulberry32(Math.imul((seed >>> 0) + stream, 0x9e3779b1) ^ 0x5bd1e995);
    return Array.from({ length: count }, () => makeScene(pool, random, { split, minItems, maxItems, heldOut: heldOutFacts }));
  };
  return {
    train: draw(train, 0, pools.train, 'train'),
    test: draw(test, 1, pools.test, 'train'),
    heldOut: draw(heldOut, 2, pools.test, 'held-out'),
  };
}
