import { describe, expect, it } from 'vitest';
import { DatasetError } from './errors';
import { mulberry32, randomInt, shuffleInPlace, toRandomSource } from './random';

describe('mulberry32', () => {
  it('is deterministic per seed and uniform in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 10_000 }, () => a.next());
    expect(Array.from({ length: 10_000 }, () => b.next())).toEqual(xs);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((s, x) => s + x, 0) / xs.length).toBeCloseTo(0.5, 1);
    expect(mulberry32(43).next()).not.toBe(mulberry32(42).next());
  });

  it('draws integers over the whole inclusive range', () => {
    const r = mulberry32(1);
    const seen = new Set(Array.from({ length: 1000 }, () => randomInt(r, 3, 7)));
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7]);
  });

  it('shuffles into a permutation', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = shuffleInPlace([...items], mulberry32(3));
    expect(shuffled).not.toEqual(items);
    expect([...shuffled].sort((x, y) => x - y)).toEqual(items);
  });

  it('accepts a seed or a generator, and says what it wanted otherwise', () => {
    const mine = { next: () => 0.5 };
    expect(toRandomSource(mine, 'f')).toBe(mine);
    expect(toRandomSource(7, 'f').next()).toBe(mulberry32(7).next());
    expect(() => toRandomSource(Number.NaN, 'f')).toThrow(/f: seed must be a finite number/);
    expect(() => toRandomSource({} as never, 'f')).toThrow(DatasetError);
  });
});
