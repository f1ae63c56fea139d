import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convexHull } from '../hull/convex-hull';
import { polygonArea } from '../hull/polygon';
import type { Point } from '../point';
import { incircle, orient2d } from '../predicates';
import { allCollinear, anyPoints } from '../testing';
import { type Triangle, delaunayTriangles, incenter } from './delaunay';

const ccw = (points: readonly Point[], [a, b, c]: Triangle): Triangle => {
  const [pa, pb, pc] = [points[a]!, points[b]!, points[c]!];
  return orient2d(pa[0], pa[1], pb[0], pb[1], pc[0], pc[1]) > 0 ? [a, b, c] : [a, c, b];
};

/** Points on the boundary of the hull, collinear ones included (distinct positions). */
function boundaryCount(points: readonly Point[]): number {
  const hull = convexHull(points);
  const seen = new Set<string>();
  for (const p of points) {
    for (let e = 0; e < hull.length; e++) {
      const a = points[hull[e]!]!;
      const b = points[hull[(e + 1) % hull.length]!]!;
      const onLine = orient2d(a[0], a[1], b[0], b[1], p[0], p[1]) === 0;
      const inBox =
        Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1]);
      if (onLine && inBox) seen.add(p.join(','));
    }
  }
  return seen.size;
}

describe('delaunayTriangles', () => {
  it('triangulates a square with its centre into four triangles ordered by incenter', () => {
    const points: Point[] = [[0, 0], [1, 0], [1, 1], [0, 1], [0.5, 0.5]];
    // incenters: left (x small), bottom/top (x = 0.5, y small/large), right (x large)
    expect(delaunayTriangles(points)).toEqual([
      [0, 3, 4],
      [0, 1, 4],
      [2, 3, 4],
      [1, 2, 4],
    ]);
    expect(delaunayTriangles(points, { vertexOrder: 'ccw' })).toEqual([
      [0, 4, 3],
      [0, 1, 4],
      [2, 3, 4],
      [1, 2, 4],
    ]);
    // delaunator's own order is clockwise in y-up coordinates; the result must not depend on it
  });

  it('represents duplicates by their lowest index and returns [] for collinear points', () => {
    expect(delaunayTriangles([[0, 0], [1, 0], [0, 1], [1, 0], [0, 0]])).toEqual([[0, 1, 2]]);
    expect(delaunayTriangles([[0, 0], [0.5, 0.5], [1, 1]])).toEqual([]);
  });

  it('repairs what the floating-point predicates of delaunator get wrong', () => {
    const isDelaunay = (points: Point[]) => {
      const triangles = delaunayTriangles(points);
      let area = 0;
      for (const t of triangles) {
        const [a, b, c] = ccw(points, t).map((i) => points[i]!) as [Point, Point, Point];
        area += polygonArea(points, ccw(points, t));
        for (const d of points) expect(incircle(a[0], a[1], b[0], b[1], c[0], c[1], d[0], d[1])).toBeLessThanOrEqual(0);
      }
      expect(area).toBeCloseTo(polygonArea(points, convexHull(points)), 14);
      expect(new Set(triangles.flat()).size).toBe(points.length);
    };
    // Found by the properties below. Here delaunator alone leaves point 4 inside a circumcircle:
    isDelaunay([[0, 2 ** -32], [2 ** -32, 0], [0.06398989260196686, 0.01589983724988997], [0, 0], [0, 0.054418899584561586]]);
    // ... here it returns an inverted triangle (2, 0, 5), overlapping its neighbours:
    isDelaunay([
      [0.25 + 2 * 2 ** -32, 0.5 + 3 * 2 ** -32],
      [0.25, 0.5 + 2 * 2 ** -32],
      [0.06921650096774101, 0.25 + 2 ** -32],
      [0, 0],
      [0, 2 ** -32],
      [0.25, 0.5 + 2 ** -32],
    ]);
    // ... and here it merges two distinct points closer than 2^-52:
    isDelaunay([[0, 0], [2 ** -60, 0], [1, 0], [0, 1]]);
  });

  it('rejects fewer than 3 points, non-finite coordinates and an unknown vertex order', () => {
    expect(() => delaunayTriangles([[0, 0]])).toThrow("delaunayTriangles: expected 'points' to hold at least 3 points, got 1");
    expect(() => delaunayTriangles([[0, 0], [NaN, 1], [1, 1]])).toThrow(
      'delaunayTriangles: expected points[1] to be [x, y] with finite numbers, got [NaN, 1]',
    );
    expect(() => delaunayTriangles([[0, 0], [0, 1], [1, 1]], { vertexOrder: 'cw' as never })).toThrow(
      "delaunayTriangles: expected 'options.vertexOrder' to be 'ascending' or 'ccw', got cw",
    );
  });

  it('has the empty-circumcircle property, tiles the hull and counts 2n - h - 2 triangles', () => {
    fc.assert(
      fc.property(anyPoints(3, 40), (points) => {
        fc.pre(!allCollinear(points));
        const triangles = delaunayTriangles(points);
        let area = 0;
        for (const t of triangles) {
          expect(t[0] < t[1] && t[1] < t[2]).toBe(true);
          const [a, b, c] = ccw(points, t).map((i) => points[i]!) as [Point, Point, Point];
          expect(orient2d(a[0], a[1], b[0], b[1], c[0], c[1])).toBe(1); // no degenerate triangle
          area += polygonArea(points, ccw(points, t));
          for (const d of points) expect(incircle(a[0], a[1], b[0], b[1], c[0], c[1], d[0], d[1])).toBeLessThanOrEqual(0);
        }
        const hullArea = polygonArea(points, convexHull(points));
        expect(area).toBeCloseTo(hullArea, 12);
        const distinct = new Set(points.map((p) => p.join(','))).size;
        expect(triangles).toHaveLength(2 * distinct - boundaryCount(points) - 2);
      }),
      { numRuns: 300 },
    );
  });

  it('orders triangles by incenter x, then y, with ascending or counter-clockwise vertices', () => {
    fc.assert(
      fc.property(anyPoints(3, 30), (points) => {
        fc.pre(!allCollinear(points));
        const ascending = delaunayTriangles(points);
        const centres = ascending.map(([a, b, c]) => incenter(points[a]!, points[b]!, points[c]!));
        for (let k = 1; k < centres.length; k++) {
          const [px, py] = centres[k - 1]!;
          const [x, y] = centres[k]!;
          expect(px < x || (px === x && py <= y)).toBe(true);
        }
        const counter = delaunayTriangles(points, { vertexOrder: 'ccw' });
        counter.forEach((t, k) => {
          expect(t[0]).toBe(Math.min(...t));
          expect([...t].sort((u, v) => u - v)).toEqual(ascending[k]);
          const [a, b, c] = t.map((i) => points[i]!) as [Point, Point, Point];
          expect(orient2d(a[0], a[1], b[0], b[1], c[0], c[1])).toBe(1);
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe('incenter', () => {
  it('is the centre of the inscribed circle', () => {
    // right triangle with legs 3, 4: inradius 1, incenter (1, 1)
    const [x, y] = incenter([0, 0], [3, 0], [0, 4]);
    expect(x).toBeCloseTo(1, 15);
    expect(y).toBeCloseTo(1, 15);
  });
});
