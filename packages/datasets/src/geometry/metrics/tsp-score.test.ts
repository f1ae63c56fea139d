import { describe, expect, it } from 'vitest';
import type { Point } from '../point';
import { scoreTour } from './tsp-score';

const square: Point[] = [[0, 0], [1, 0], [1, 1], [0, 1]];

describe('scoreTour', () => {
  it('matches any rotation or direction of the optimal cycle', () => {
    expect(scoreTour(square, [2, 1, 0, 3])).toEqual({ valid: true, exact: true, length: 4, referenceLength: 4, gap: 0 });
    expect(scoreTour(square, [0, 1, 2, 3, 0]).exact).toBe(true);
  });

  it('reports length and gap for a worse tour', () => {
    const score = scoreTour(square, [0, 2, 1, 3]);
    expect(score.valid).toBe(true);
    expect(score.exact).toBe(false);
    expect(score.length).toBeCloseTo(2 + 2 * Math.SQRT2, 15);
    expect(score.gap).toBeCloseTo((2 + 2 * Math.SQRT2) / 4 - 1, 15);
  });

  it('marks non-permutations invalid and rejects a bad reference', () => {
    expect(scoreTour(square, [0, 1, 1, 3])).toEqual({ valid: false, exact: false, length: NaN, referenceLength: 4, gap: NaN });
    expect(scoreTour(square, [0, 1, 2])).toMatchObject({ valid: false });
    expect(() => scoreTour(square, [0, 1, 2, 3], [0, 1, 2])).toThrow("scoreTour: expected 'reference' to be a permutation of 0..3");
  });
});
