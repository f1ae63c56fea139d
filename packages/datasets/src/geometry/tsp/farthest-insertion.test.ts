import { describe, expect, it } from 'vitest';
import type { Point } from '../point';
import { farthestInsertionTour } from './farthest-insertion';

describe('farthestInsertionTour', () => {
  it('builds the convex polygon for points in convex position', () => {
    const points: Point[] = [[0, 0], [1, 1], [1, 0], [0, 1], [0.5, -0.1]];
    expect(farthestInsertionTour(points).tour).toEqual([0, 3, 1, 2, 4]);
  });
});
