import { describe, expect, it } from 'vitest';
import { DatasetError } from '../../errors';
import { fashionPools } from '../fashion/pools';
import type { GrayImage } from '../gray-image';
import { HELD_OUT_FACTS, hasFact, type SpatialFact } from './facts';
import type { Scene } from './scene';
import { sceneSplit } from './split';

/** Neighbouring pairs computed here from the cells, not with the library's layoutFacts. */
function factsOf(scene: Scene): SpatialFact[] {
  const facts: SpatialFact[] = [];
  for (const a of scene.items) {
    for (const b of scene.items) {
      if (b.column - a.column === 1 && b.row === a.row) facts.push({ first: a.name, relation: 'left of', second: b.name });
      if (b.row - a.row === 1 && b.column === a.column) facts.push({ first: a.name, relation: 'above', second: b.name });
    }
  }
  return facts;
}

const isHeldOut = (f: SpatialFact) => hasFact(HELD_OUT_FACTS, f);

describe('sceneSplit', () => {
  const pools = fashionPools();
  const splits = sceneSplit({ seed: 14, train: 2000, test: 300, heldOut: 400 });

  it('keeps every held-out combination out of training and test scenes, and in every held-out scene', () => {
    expect(splits.train).toHaveLength(2000);
    expect(splits.test).toHaveLength(300);
    expect(splits.heldOut).toHaveLength(400);
    expect(splits.train.filter((s) => factsOf(s).some(isHeldOut)).map((s) => s.caption)).toEqual([]);
    expect(splits.test.filter((s) => factsOf(s).some(isHeldOut)).map((s) => s.caption)).toEqual([]);
    expect(splits.heldOut.filter((s) => !factsOf(s).some(isHeldOut)).map((s) => s.caption)).toEqual([]);
    // The scenes' own fact lists agree with the cells.
    for (const s of [...splits.train.slice(0, 100), ...splits.heldOut.slice(0, 100)]) expect(s.facts).toEqual(factsOf(s));
  });

  it('shows every held-out combination in the held-out split, and all of its words in training', () => {
    const heldOutFacts = splits.heldOut.flatMap(factsOf);
    for (const fact of HELD_OUT_FACTS) expect(hasFact(heldOutFacts, fact), JSON.stringify(fact)).toBe(true);
    // Each held-out fact's items appear in training on both sides of the same relation, with other partners.
    const trainFacts = splits.train.flatMap(factsOf);
    for (const fact of HELD_OUT_FACTS) {
      expect(trainFacts.some((f) => f.relation === fact.relation && f.first === fact.first)).toBe(true);
      expect(trainFacts.some((f) => f.relation === fact.relation && f.second === fact.second)).toBe(true);
      expect(trainFacts.some((f) => f.relation === fact.relation && f.first === fact.second && f.second === fact.first)).toBe(true);
    }
    // Every one of the 60 possible facts that is not held out is seen in training.
    const names = ['shirt', 'dress', 'sandal', 'sneaker', 'bag', 'boot'] as const;
    let seen = 0;
    for (const first of names) {
      for (const second of names) {
        for (const relation of ['left of', 'above'] as const) {
          if (first !== second && !isHeldOut({ first, relation, second }) && hasFact(trainFacts, { first, relation, second })) seen++;
        }
      }
    }
    expect(seen).toBe(60 - HELD_OUT_FACTS.length);
  });

  it('draws training scenes from the training pool and the others from the test pool only', () => {
    const train = new Set<GrayImage>(pools.train.flat());
    const test = new Set<GrayImage>(pools.test.flat());
    const sources = (scenes: Scene[]) => scenes.flatMap((s) => s.items.map((it) => it.source));
    expect(sources(splits.train).every((im) => train.has(im) && !test.has(im))).toBe(true);
    expect(sources([...splits.test, ...splits.heldOut]).every((im) => test.has(im) && !train.has(im))).toBe(true);
  });

  it('gives the same scenes for the same options, and each set its own stream', () => {
    const again = sceneSplit({ seed: 14, train: 50, test: 300, heldOut: 400 });
    expect(again.heldOut.map((s) => s.caption)).toEqual(splits.heldOut.map((s) => s.caption));
    expect(again.test.map((s) => s.caption)).toEqual(splits.test.map((s) => s.caption));
    expect(again.train.map((s) => s.caption)).toEqual(splits.train.slice(0, 50).map((s) => s.caption));
    expect(again.heldOut[7]!.image.pixels).toEqual(splits.heldOut[7]!.image.pixels);
    const other = sceneSplit({ seed: 15, train: 50, heldOut: 0 });
    expect(other.train.map((s) => s.caption)).not.toEqual(again.train.map((s) => s.caption));
    expect(other.test).toEqual([]);
  });

  it('rejects bad counts and seeds', () => {
    expect(() => sceneSplit({ seed: 1, train: -1, heldOut: 1 })).toThrow(DatasetError);
    expect(() => sceneSplit({ seed: 1, train: 1, heldOut: 1.5 })).toThrow(/'heldOut' to be a count .* got 1.5/);
    expect(() => sceneSplit({ seed: Number.NaN, train: 1, heldOut: 1 })).toThrow(/'seed' to be a finite number/);
  });
});

describe('fashionPools', () => {
  const pools = fashionPools();

  it('holds 200 training and 50 test images per item, 28x28, sharing none', () => {
    expect(pools.train.map((p) => p.length)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(pools.test.map((p) => p.length)).toEqual([50, 50, 50, 50, 50, 50]);
    expect([...pools.train.flat(), ...pools.test.flat()].every((im) => im.width === 28 && im.height === 28)).toBe(true);
    const key = (im: GrayImage) => im.pixels.join(',');
    const trainKeys = new Set(pools.train.flat().map(key));
    expect(pools.test.flat().filter((im) => trainKeys.has(key(im)))).toEqual([]);
    expect(fashionPools().train[2]![3]).toBe(pools.train[2]![3]);
  });

  it('holds items on a black background: dark corners, bright middle on average', () => {
    for (const pool of [pools.train, pools.test]) {
      for (const images of pool) {
        const mean = (at: number) => images.reduce((s, im) => s + im.pixels[at]!, 0) / images.length;
        expect(mean(0)).toBeLessThan(5);
        expect(mean(14 * 28 + 14)).toBeGreaterThan(40);
      }
    }
  });
});
