/** The page's feature vectors and unit ranking (web/features.ts), on hand-made texts and activations. */
import { describe, expect, it } from 'vitest';
import { bestUnits, correlation, featureValues } from '../web/features';

const chars = (text: string): string[] => [...text];

describe('featureValues', () => {
  it('marks the inside of quotes, the quote characters included', () => {
    expect(featureValues(chars('a "bc" d'), 'quotes')).toEqual([0, 0, 1, 1, 1, 1, 0, 0]);
  });

  it('counts open parentheses, nested ones too', () => {
    expect(featureValues(chars('a(b(c)d)e'), 'parentheses')).toEqual([0, 1, 1, 2, 2, 2, 1, 1, 0]);
  });

  it('counts the position in the line and marks line starts', () => {
    expect(featureValues(chars('ab\ncd'), 'line-position')).toEqual([0, 1, 0, 0, 1]);
    expect(featureValues(chars('ab\ncd'), 'after-newline')).toEqual([1, 0, 0, 1, 0]);
  });
});

describe('correlation and bestUnits', () => {
  it("computes Pearson's r, and 0 for a constant series", () => {
    expect(correlation([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(correlation([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    // x = [1, 2, 3, 4], y = [1, 3, 2, 4]: r = 0.8 (cov 1.25 / (sd 1.118 * sd 1.118 * 4/4)).
    expect(correlation([1, 2, 3, 4], [1, 3, 2, 4])).toBeCloseTo(0.8, 12);
    expect(correlation([1, 1, 1], [1, 2, 3])).toBe(0);
    expect(() => correlation([1, 2], [1])).toThrow(/2 and 1 values/);
  });

  it('ranks units by |r|, the sign kept', () => {
    const text = chars('x "quoted" y "more" z');
    const quotes = featureValues(text, 'quotes');
    // Unit 0: noise; unit 1: the feature negated; unit 2: the feature plus a little noise; unit 3: constant.
    const h = quotes.map((q, t) => [Math.sin(7 * t), -q, q + 0.1 * Math.cos(t), 0.5]);
    const best = bestUnits(h, quotes, 3);
    expect(best.map((m) => m.unit)).toEqual([1, 2, 0]);
    expect(best[0]!.r).toBeCloseTo(-1, 12);
    expect(best[1]!.r).toBeGreaterThan(0.95);
    expect(() => bestUnits(h.slice(1), quotes)).toThrow(/one row per character/);
  });
});
