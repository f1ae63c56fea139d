import { describe, expect, it } from 'vitest';
import type { Point } from '../point';
import { evaluateConvexHull, evaluateDelaunay, evaluateGeometry, evaluateTsp } from './evaluate';

const square: Point[] = [[0, 0], [1, 0], [1, 1], [0, 1], [0.5, 0.5]];
const triangle: Point[] = [[0, 0], [1, 0], [0, 1]];

describe('evaluateConvexHull', () => {
  it('aggregates accuracy, area coverage and invalid share', () => {
    const row = evaluateConvexHull({
      points: [square, square, triangle, square],
      predictions: [[0, 1, 2, 3], [0, 1, 2, 4], [0, 1, 2], [0, 2, 1, 3]],
    });
    expect(row).toEqual({
      task: 'convex-hull',
      count: 4,
      nMin: 3,
      nMax: 5,
      invalid: 1,
      invalidShare: 0.25,
      accuracy: 0.5,
      areaCoverage: (1 + 0.5 + 1 + 0) / 4, // [0, 1, 2, 4] is half the square
    });
  });

  it('rejects misaligned inputs', () => {
    expect(() => evaluateConvexHull({ points: [square], predictions: [] })).toThrow(
      "evaluateConvexHull: expected 'points' and 'predictions' to be arrays of equal length, got 1 and 0",
    );
    expect(() => evaluateConvexHull({ points: [square], predictions: [[0]], references: [] })).toThrow(
      "evaluateConvexHull: expected 'references' to have 1 entries, got 0",
    );
    expect(() => evaluateConvexHull({ points: [], predictions: [] })).toThrow('evaluateConvexHull: expected at least one instance, got none');
  });
});

describe('evaluateDelaunay', () => {
  it('aggregates accuracy and triangle coverage', () => {
    const row = evaluateDelaunay({
      points: [square, square],
      predictions: [[0, 3, 4, 0, 1, 4, 2, 3, 4, 1, 2, 4], [[0, 3, 4], [0, 1, 4]]],
    });
    expect(row).toMatchObject({ task: 'delaunay', count: 2, invalid: 0, accuracy: 0.5, triangleCoverage: 0.75 });
  });
});

describe('evaluateTsp', () => {
  it('aggregates mean tour length over valid tours, reference length and gap', () => {
    const unit: Point[] = [[0, 0], [1, 0], [1, 1], [0, 1]];
    const row = evaluateTsp({
      points: [unit, unit, unit],
      predictions: [[0, 1, 2, 3], [0, 2, 1, 3], [0, 0, 1, 2]],
      references: [[0, 1, 2, 3], [0, 1, 2, 3], [0, 1, 2, 3]],
    });
    const crossed = 2 + 2 * Math.SQRT2;
    expect(row.task).toBe('tsp');
    expect(row.invalid).toBe(1);
    expect(row.invalidShare).toBeCloseTo(1 / 3, 15);
    expect(row.accuracy).toBeCloseTo(1 / 3, 15);
    expect(row.meanTourLength).toBeCloseTo((4 + crossed) / 2, 15);
    expect(row.meanReferenceLength).toBe(4);
    expect(row.optimalityGap).toBeCloseTo((crossed / 4 - 1) / 2, 15);
  });

  it('gives NaN means when no prediction is valid', () => {
    const row = evaluateTsp({ points: [triangle], predictions: [[0, 0, 0]] });
    expect(row.meanTourLength).toBeNaN();
    expect(row.optimalityGap).toBeNaN();
    expect(row.invalidShare).toBe(1);
  });
});

describe('evaluateGeometry', () => {
  it('dispatches on the task', () => {
    expect(evaluateGeometry({ task: 'convex-hull', points: [triangle], predictions: [[0, 1, 2]] }).task).toBe('convex-hull');
    expect(evaluateGeometry({ task: 'delaunay', points: [triangle], predictions: [[0, 1, 2]] }).task).toBe('delaunay');
    expect(evaluateGeometry({ task: 'tsp', points: [triangle], predictions: [[0, 1, 2]] }).task).toBe('tsp');
    expect(() => evaluateGeometry({ task: 'sorting', points: [], predictions: [] } as never)).toThrow(
      "evaluateGeometry: expected 'task' to be 'convex-hull', 'delaunay' or 'tsp', got sorting",
    );
  });
});
