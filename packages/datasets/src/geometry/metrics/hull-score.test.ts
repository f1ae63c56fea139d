import { describe, expect, it } from 'vitest';
import type { Point } from '../point';
import { scoreConvexHull } from './hull-score';

// square with an inner point 4 and a point 5 on the bottom edge
const points: Point[] = [[0, 0], [1, 0], [1, 1], [0, 1], [0.5, 0.5], [0.5, 0]];

describe('scoreConvexHull', () => {
  it('matches after rotation, not after reversal', () => {
    expect(scoreConvexHull(points, [0, 1, 2, 3])).toEqual({ valid: true, exact: true, coverage: 1 });
    expect(scoreConvexHull(points, [2, 3, 0, 1])).toEqual({ valid: true, exact: true, coverage: 1 });
    expect(scoreConvexHull(points, [0, 3, 2, 1])).toEqual({ valid: true, exact: false, coverage: 1 });
  });

  it('accepts a closing repeat of the first index', () => {
    expect(scoreConvexHull(points, [0, 1, 2, 3, 0])).toEqual({ valid: true, exact: true, coverage: 1 });
  });

  it('gives partial coverage for a valid polygon that misses a corner', () => {
    // 4 lies on the diagonal 2-0, so the polygon is the lower-right half
    expect(scoreConvexHull(points, [0, 1, 2, 4])).toEqual({ valid: true, exact: false, coverage: 0.5 });
    // a collinear boundary point makes the sequence wrong but the area right
    expect(scoreConvexHull(points, [0, 5, 1, 2, 3])).toEqual({ valid: true, exact: false, coverage: 1 });
  });

  it('counts self-intersecting or repeating polygons as invalid with coverage 0', () => {
    expect(scoreConvexHull(points, [0, 2, 1, 3])).toEqual({ valid: false, exact: false, coverage: 0 });
    expect(scoreConvexHull(points, [0, 1, 1, 2, 3])).toEqual({ valid: false, exact: false, coverage: 0 });
    expect(scoreConvexHull(points, [0, 1])).toEqual({ valid: false, exact: false, coverage: 0 });
    expect(scoreConvexHull(points, [0, 1, 7])).toEqual({ valid: false, exact: false, coverage: 0 });
  });

  it('takes a given reference and rejects a degenerate one', () => {
    expect(scoreConvexHull(points, [0, 1, 2, 4], [0, 1, 2, 4]).exact).toBe(true);
    expect(() => scoreConvexHull([[0, 0], [0.5, 0.5], [1, 1]], [0, 2])).toThrow(
      'scoreConvexHull: expected a reference hull with positive area, got a degenerate one (collinear points)',
    );
  });
});
