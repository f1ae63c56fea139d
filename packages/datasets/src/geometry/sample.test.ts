import { describe, expect, it } from 'vitest';
import { mulberry32 } from './random';
import { samplePointSets, samplePoints } from './sample';

describe('samplePoints', () => {
  it('draws x0, y0, x1, y1, ... from the seed, rounded to float32', () => {
    const reference = mulberry32(3);
    const expected = Array.from({ length: 4 }, () => [Math.fround(reference.next()), Math.fround(reference.next())]);
    expect(samplePoints(4, 3)).toEqual(expected);
  });

  it('keeps full precision when asked', () => {
    const reference = mulberry32(3);
    expect(samplePoints(1, 3, { roundToFloat32: false })).toEqual([[reference.next(), reference.next()]]);
  });

  it('is reproducible and stays in the unit square', () => {
    const a = samplePoints(500, 11);
    expect(samplePoints(500, 11)).toEqual(a);
    for (const [x, y] of a) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(y).toBeLessThan(1);
    }
  });

  it('keeps float32 rounding below 1', () => {
    expect(samplePoints(1, { next: () => 1 - 2 ** -40 })).toEqual([[0.99999994039535522, 0.99999994039535522]]);
  });

  it('accepts any object with next()', () => {
    const reference = mulberry32(5);
    expect(samplePoints(3, mulberry32(5), { roundToFloat32: false })).toEqual(
      Array.from({ length: 3 }, () => [reference.next(), reference.next()]),
    );
  });

  it('rejects a bad size', () => {
    expect(() => samplePoints(0, 1)).toThrow("samplePoints: expected 'n' to be an integer >= 1, got 0");
    expect(() => samplePoints(2.5, 1)).toThrow("samplePoints: expected 'n' to be an integer >= 1, got 2.5");
  });
});

describe('samplePointSets', () => {
  it('draws a size in [nMin, nMax] before each set', () => {
    const sets = samplePointSets(200, { nMin: 5, nMax: 8 }, 9);
    const sizes = new Set(sets.map((s) => s.length));
    expect([...sizes].sort()).toEqual([5, 6, 7, 8]);
    const reference = mulberry32(9);
    const n0 = 5 + Math.floor(reference.next() * 4);
    expect(sets[0]).toHaveLength(n0);
    expect(sets[0]?.[0]).toEqual([Math.fround(reference.next()), Math.fround(reference.next())]);
  });

  it('draws no size for a fixed n', () => {
    const [first, second] = samplePointSets(2, { n: 3 }, 4);
    expect([...first!, ...second!]).toEqual(samplePoints(6, 4));
  });

  it('rejects bad ranges', () => {
    expect(() => samplePointSets(1, { nMin: 5, nMax: 4 }, 1)).toThrow(
      "samplePointSets: expected 'size.nMax' to be an integer >= 5, got 4",
    );
    expect(() => samplePointSets(-1, { n: 4 }, 1)).toThrow("samplePointSets: expected 'count' to be an integer >= 0, got -1");
  });
});
