import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Point } from '../point';
import { orient2d } from '../predicates';
import { allCollinear, anyPoints, doublePoints, gridPoints } from '../testing';
import { canonicalHullSequence, convexHull } from './convex-hull';

const orient = (points: readonly Point[], a: number, b: number, c: number): number => {
  const [pa, pb, pc] = [points[a]!, points[b]!, points[c]!];
  return orient2d(pa[0], pa[1], pb[0], pb[1], pc[0], pc[1]);
};

describe('convexHull', () => {
  it('returns the corners counter-clockwise from the lowest index', () => {
    const points: Point[] = [
      [0.5, 0.5], // 0: inside
      [1, 1], // 1
      [0, 1], // 2
      [0.5, 0], // 3: on the bottom edge, collinear: excluded
      [0, 0], // 4
      [1, 0], // 5
    ];
    expect(convexHull(points)).toEqual([1, 2, 4, 5]);
  });

  it('represents duplicates by their lowest index', () => {
    const points: Point[] = [[0.2, 0.2], [1, 0], [0, 1], [0, 0], [0, 1], [1, 0]];
    expect(convexHull(points)).toEqual([1, 2, 3]);
  });

  it('returns the two extremes for collinear points and one index for coincident points', () => {
    expect(convexHull([[0.5, 0.5], [0, 0], [1, 1], [0.25, 0.25]])).toEqual([1, 2]);
    expect(convexHull([[0.3, 0.3], [0.3, 0.3], [0.3, 0.3]])).toEqual([0]);
  });

  it('rejects fewer than 3 points and non-finite coordinates', () => {
    expect(() => convexHull([[0, 0], [1, 1]])).toThrow("convexHull: expected 'points' to hold at least 3 points, got 2");
    expect(() => convexHull([[0, 0], [1, 1], [0, Infinity]])).toThrow(
      'convexHull: expected points[2] to be [x, y] with finite numbers, got [0, Infinity]',
    );
    expect(() => convexHull([[0, 0], [1, 1], [0] as unknown as Point])).toThrow(
      'convexHull: expected points[2] to be [x, y] with finite numbers, got [0]',
    );
  });

  it('contains every point and is strictly convex, counter-clockwise, from the lowest index', () => {
    fc.assert(
      fc.property(fc.oneof(anyPoints(3, 40), doublePoints(3, 12)), (points) => {
        const hull = convexHull(points);
        const k = hull.length;
        fc.pre(k >= 3); // collinear input: see the example test
        expect(new Set(hull).size).toBe(k);
        expect(hull[0]).toBe(Math.min(...hull));
        for (let e = 0; e < k; e++) {
          const a = hull[e]!;
          const b = hull[(e + 1) % k]!;
          // strictly convex: every consecutive triple turns left (no collinear vertex kept)
          expect(orient(points, a, b, hull[(e + 2) % k]!)).toBe(1);
          // every point lies left of or on every edge
          for (let p = 0; p < points.length; p++) expect(orient(points, a, b, p)).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps every extreme point and does not depend on the input order', () => {
    fc.assert(
      fc.property(
        gridPoints(3, 30).chain((points) =>
          fc.tuple(fc.constant(points), fc.shuffledSubarray(points.map((_, i) => i), { minLength: points.length, maxLength: points.length })),
        ),
        ([points, order]) => {
          fc.pre(!allCollinear(points));
          const hull = convexHull(points);
          // lexicographically smallest point (lowest index among equals) is a hull vertex
          const lowest = points.reduce((best, p, i) => {
            const q = points[best]!;
            return p[0] < q[0] || (p[0] === q[0] && p[1] < q[1]) ? i : best;
          }, 0);
          expect(hull).toContain(lowest);
          // the hull of a permutation is the same polygon (compare positions, since duplicates
          // may be represented by another index)
          const shuffled = order.map((i) => points[i]!);
          const positions = (pts: readonly Point[], h: number[]) => new Set(h.map((i) => pts[i]!.join(',')));
          expect(positions(shuffled, convexHull(shuffled))).toEqual(positions(points, hull));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('canonicalHullSequence', () => {
  it('rotates to the lowest index and keeps the direction', () => {
    expect(canonicalHullSequence([4, 7, 1, 3])).toEqual([1, 3, 4, 7]);
    expect(canonicalHullSequence([4, 3, 1, 7])).toEqual([1, 7, 4, 3]);
    expect(canonicalHullSequence([])).toEqual([]);
  });
});
