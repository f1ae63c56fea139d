import { describe, expect, it } from 'vitest';
import type { Point } from '../point';
import { scoreDelaunay } from './delaunay-score';

const points: Point[] = [[0, 0], [1, 0], [1, 1], [0, 1], [0.5, 0.5]];
const truth = [[0, 3, 4], [0, 1, 4], [2, 3, 4], [1, 2, 4]];

describe('scoreDelaunay', () => {
  it('ignores triangle order and vertex order, and accepts the flat sequence', () => {
    const shuffled = [[4, 2, 1], [3, 2, 4], [0, 4, 3], [1, 4, 0]];
    expect(scoreDelaunay(points, shuffled)).toEqual({ valid: true, exact: true, coverage: 1 });
    expect(scoreDelaunay(points, truth.flat())).toEqual({ valid: true, exact: true, coverage: 1 });
  });

  it('measures the share of true triangles predicted', () => {
    expect(scoreDelaunay(points, truth.slice(0, 3))).toEqual({ valid: true, exact: false, coverage: 0.75 });
    // a wrong but well-formed extra triangle keeps coverage and breaks exactness
    expect(scoreDelaunay(points, [...truth, [0, 1, 2]])).toEqual({ valid: true, exact: false, coverage: 1 });
  });

  it('flags malformed or repeated triangles as invalid', () => {
    expect(scoreDelaunay(points, [...truth, [0, 3, 4]])).toEqual({ valid: false, exact: false, coverage: 1 });
    expect(scoreDelaunay(points, [...truth.flat(), 1])).toEqual({ valid: false, exact: false, coverage: 1 });
    expect(scoreDelaunay(points, [[0, 0, 4], [0, 1, 9], [1, 2, 4]])).toEqual({ valid: false, exact: false, coverage: 0.25 });
    expect(scoreDelaunay(points, [])).toEqual({ valid: true, exact: false, coverage: 0 });
  });

  it('rejects a reference without triangles', () => {
    expect(() => scoreDelaunay([[0, 0], [0.5, 0.5], [1, 1]], [])).toThrow(
      'scoreDelaunay: expected a reference with at least one triangle, got none (collinear points)',
    );
  });
});
