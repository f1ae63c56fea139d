import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Point } from '../point';
import { pointsWithTour } from '../testing';
import { canonicalTour, isValidTour, tourLength } from './tour';

const square: Point[] = [[0, 0], [1, 0], [1, 1], [0, 1]];

describe('isValidTour', () => {
  it('accepts permutations of 0..n-1 in any rotation and direction', () => {
    expect(isValidTour([0, 1, 2, 3], 4)).toBe(true);
    expect(isValidTour([2, 1, 0, 3], 4)).toBe(true);
  });

  it('rejects repeats, gaps, wrong lengths and non-integers', () => {
    expect(isValidTour([0, 1, 1, 3], 4)).toBe(false);
    expect(isValidTour([0, 1, 2, 4], 4)).toBe(false);
    expect(isValidTour([0, 1, 2], 4)).toBe(false);
    expect(isValidTour([0, 1, 2, 3, 0], 4)).toBe(false);
    expect(isValidTour([0, 1, 2.5, 3], 4)).toBe(false);
    expect(isValidTour([0, -1, 2, 3], 4)).toBe(false);
  });
});

describe('tourLength', () => {
  it('sums the closed tour', () => {
    expect(tourLength(square, [0, 1, 2, 3])).toBe(4);
    expect(tourLength(square, [0, 2, 1, 3])).toBeCloseTo(2 + 2 * Math.SQRT2, 15);
  });

  it('rejects an invalid tour or bad points', () => {
    expect(() => tourLength(square, [0, 1, 2])).toThrow(
      "tourLength: expected 'tour' to be a permutation of 0..3 (length 4), got [0, 1, 2]",
    );
    expect(() => tourLength(square.slice(0, 2), [0, 1])).toThrow("tourLength: expected 'points' to hold at least 3 points, got 2");
  });
});

describe('canonicalTour', () => {
  it('starts at 0 with the second node smaller than the last', () => {
    expect(canonicalTour([2, 3, 0, 1])).toEqual([0, 1, 2, 3]);
    expect(canonicalTour([3, 2, 1, 0])).toEqual([0, 1, 2, 3]);
    expect(canonicalTour([0, 4, 2, 1, 3])).toEqual([0, 3, 1, 2, 4]);
  });

  it('is idempotent, keeps the cycle and its length', () => {
    fc.assert(
      fc.property(pointsWithTour(3, 15), ([points, tour]) => {
        const canonical = canonicalTour(tour);
        expect(isValidTour(canonical, tour.length)).toBe(true);
        expect(canonical[0]).toBe(0);
        expect(canonical[1]!).toBeLessThan(canonical[canonical.length - 1]!);
        expect(canonicalTour(canonical)).toEqual(canonical);
        expect(tourLength(points, canonical)).toBeCloseTo(tourLength(points, tour), 12);
        // same cycle: same set of undirected edges
        const edges = (t: number[]) =>
          new Set(t.map((a, k) => [a, t[(k + 1) % t.length]!].sort((u, v) => u - v).join('-')));
        expect(edges(canonical)).toEqual(edges(tour));
      }),
      { numRuns: 200 },
    );
  });

  it('rejects non-permutations and tours of fewer than 3 nodes', () => {
    expect(() => canonicalTour([0, 1])).toThrow("canonicalTour: expected 'tour' to visit at least 3 nodes, got 2");
    expect(() => canonicalTour([0, 1, 1])).toThrow("canonicalTour: expected 'tour' to be a permutation of 0..2, got [0, 1, 1]");
  });
});
