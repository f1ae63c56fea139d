import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Point } from '../point';
import { allCollinear, anyPoints } from '../testing';
import { convexHull } from './convex-hull';
import { isSimplePolygon, polygonArea } from './polygon';

const square: Point[] = [[0, 0], [1, 0], [1, 1], [0, 1], [0.5, 0], [0.5, 0.5]];

describe('polygonArea', () => {
  it('is positive counter-clockwise, negative clockwise', () => {
    expect(polygonArea(square, [0, 1, 2, 3])).toBe(1);
    expect(polygonArea(square, [3, 2, 1, 0])).toBe(-1);
    expect(polygonArea(square, [0, 1])).toBe(0);
  });
});

describe('isSimplePolygon', () => {
  it('accepts simple polygons in either direction, with straight-through collinear vertices', () => {
    expect(isSimplePolygon(square, [0, 1, 2, 3])).toBe(true);
    expect(isSimplePolygon(square, [3, 2, 1, 0])).toBe(true);
    expect(isSimplePolygon(square, [0, 4, 1, 2, 3])).toBe(true);
    expect(isSimplePolygon(square, [0, 1, 5])).toBe(true);
  });

  it('rejects self-intersections, touching edges, repeats, bad indices and fold-backs', () => {
    expect(isSimplePolygon(square, [0, 2, 1, 3])).toBe(false); // bow tie
    expect(isSimplePolygon(square, [0, 1, 2, 3, 5, 4])).toBe(false); // 4 lies on edge 0-1
    expect(isSimplePolygon(square, [0, 1, 2, 0])).toBe(false); // repeated index
    expect(isSimplePolygon(square, [0, 1, 9])).toBe(false);
    expect(isSimplePolygon(square, [0, 1.5, 2])).toBe(false);
    expect(isSimplePolygon(square, [0, 1])).toBe(false);
    expect(isSimplePolygon(square, [0, 1, 4])).toBe(false); // collinear: 0-1 folds back over 4
    expect(isSimplePolygon([...square, [1, 1]], [0, 1, 2, 6])).toBe(false); // two vertices at one position
  });

  it('accepts every convex hull and gives it the largest area', () => {
    fc.assert(
      fc.property(anyPoints(3, 30), (points) => {
        fc.pre(!allCollinear(points));
        const hull = convexHull(points);
        expect(isSimplePolygon(points, hull)).toBe(true);
        const area = polygonArea(points, hull);
        expect(area).toBeGreaterThan(0);
        // any simple polygon on the points lies inside the hull
        const others = points.map((_, i) => i).filter((i) => !hull.includes(i)).slice(0, 3);
        const grown = [...hull, ...others];
        if (isSimplePolygon(points, grown)) expect(Math.abs(polygonArea(points, grown))).toBeLessThanOrEqual(area * (1 + 1e-12));
      }),
      { numRuns: 200 },
    );
  });
});
