import { describe, expect, it } from 'vitest';
import { VizError } from './errors';
import { measureText, truncateText } from './text';
import { formatTick, linearTicks, logTicks } from './ticks';

describe('ticks', () => {
  it('linear: round steps (1, 2, 5 x 10^k) inside the range', () => {
    expect(linearTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(linearTicks(0, 1000, 4)).toEqual([0, 500, 1000]);
    expect(linearTicks(0.13, 0.87, 5)).toEqual([0.2, 0.4, 0.6, 0.8]);
    expect(linearTicks(-3, 7, 5)).toEqual([-2, 0, 2, 4, 6]);
    expect(linearTicks(2, 2)).toEqual([2]);
    for (const [a, b] of [[0, 37], [1.234, 1.239], [-1e5, 3e5]] as const) {
      const t = linearTicks(a, b, 5);
      expect(t.length).toBeGreaterThanOrEqual(2);
      expect(t.length).toBeLessThanOrEqual(11);
      for (const v of t) {
        expect(v).toBeGreaterThanOrEqual(a - 1e-9);
        expect(v).toBeLessThanOrEqual(b + 1e-9);
      }
      const step = t[1]! - t[0]!;
      const mantissa = step / 10 ** Math.floor(Math.log10(step));
      expect([1, 2, 5, 10].some((m) => Math.abs(m - mantissa) < 1e-6)).toBe(true);
    }
  });

  it('log: powers of ten, with 2 and 5 on short ranges; rejects non-positive bounds', () => {
    expect(logTicks(0.01, 100)).toEqual([0.01, 0.1, 1, 10, 100]);
    expect(logTicks(1, 20)).toEqual([1, 2, 5, 10, 20]);
    expect(() => logTicks(0, 10)).toThrow(VizError);
    expect(() => logTicks(-1, 10)).toThrow('a log axis needs positive bounds; got [-1, 10]');
  });

  it('formats without float noise', () => {
    expect(formatTick(0.1 + 0.2)).toBe('0.3');
    expect(formatTick(20000)).toBe('20k');
    expect(formatTick(1e-5)).toBe('1e-5');
    expect(formatTick(0)).toBe('0');
  });
});

describe('text measurement', () => {
  it('grows with the text, wide letters wider than narrow ones, and scales with the font', () => {
    expect(measureText('mmmm', 12)).toBeGreaterThan(measureText('iiii', 12));
    expect(measureText('hello', 24)).toBeCloseTo(2 * measureText('hello', 12));
    expect(measureText('漢字', 10)).toBe(20);
    expect(measureText('', 12)).toBe(0);
  });

  it('truncates with an ellipsis to fit', () => {
    expect(truncateText('short', 100, 12)).toBe('short');
    const cut = truncateText('antidisestablishmentarianism', 50, 12);
    expect(cut.endsWith('…')).toBe(true);
    expect(measureText(cut, 12)).toBeLessThanOrEqual(50);
    expect(measureText(truncateText('antidisestablishmentarianism', 60, 12), 12)).toBeGreaterThan(measureText(cut, 12));
  });
});
