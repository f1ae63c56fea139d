import { describe, expect, it } from 'vitest';
import type { Point } from '../point';
import { nearestNeighbourTour } from './nearest-neighbour';

describe('nearestNeighbourTour', () => {
  it('walks to the closest unvisited point', () => {
    const points: Point[] = [[0, 0], [0.9, 0], [0.1, 0], [0.5, 0.1]];
    // 0 -> 2 -> 3 -> 1 -> back
    expect(nearestNeighbourTour(points).tour).toEqual([0, 1, 3, 2]);
    expect(nearestNeighbourTour(points, 1).tour).toEqual(nearestNeighbourTour(points, 1).tour);
    expect(() => nearestNeighbourTour(points, 4)).toThrow("nearestNeighbourTour: expected 'start' to be an integer in [0, 3], got 4");
  });
});
