import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { samplePointSets } from '../sample';
import { bruteForceTourLength, scrambledCircle, uniformPoints } from '../testing';
import { farthestInsertionTour } from './farthest-insertion';
import { heldKarp, heldKarpTableBytes } from './held-karp';
import { nearestNeighbourTour } from './nearest-neighbour';
import { isValidTour, tourLength } from './tour';
import { twoOptTour } from './two-opt';

describe('heldKarp', () => {
  it('follows the circle for points on a circle', () => {
    const { points, circleOrder } = scrambledCircle(9);
    const { tour, length } = heldKarp(points);
    expect(length).toBeCloseTo(tourLength(points, circleOrder), 12);
    expect(isValidTour(tour, 9)).toBe(true);
  });

  it('solves the unit square and a triangle', () => {
    expect(heldKarp([[0, 0], [1, 1], [1, 0], [0, 1]])).toEqual({ tour: [0, 2, 1, 3], length: 4 });
    expect(heldKarp([[0, 0], [1, 0], [0, 1]]).tour).toEqual([0, 1, 2]);
  });

  it('equals brute force for n <= 8 and is never beaten by a heuristic', () => {
    fc.assert(
      fc.property(uniformPoints(3, 8), (points) => {
        const exact = heldKarp(points);
        expect(isValidTour(exact.tour, points.length)).toBe(true);
        expect(exact.tour[0]).toBe(0);
        expect(exact.length).toBeCloseTo(bruteForceTourLength(points), 12);
        for (const heuristic of [nearestNeighbourTour(points), farthestInsertionTour(points), twoOptTour(points)]) {
          expect(exact.length).toBeLessThanOrEqual(heuristic.length + 1e-12);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('is never beaten by a heuristic for n up to 12', () => {
    fc.assert(
      fc.property(uniformPoints(9, 12), (points) => {
        const exact = heldKarp(points);
        for (const heuristic of [nearestNeighbourTour(points), farthestInsertionTour(points), twoOptTour(points)]) {
          expect(exact.length).toBeLessThanOrEqual(heuristic.length + 1e-12);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('refuses tables over the memory limit before allocating', () => {
    expect(heldKarpTableBytes(20)).toBe(2 ** 19 * 19 * 8);
    const points = samplePointSets(1, { n: 22 }, 1)[0]!;
    expect(() => heldKarp(points)).toThrow(
      "heldKarp: 22 points need a 336 MiB table, over 'options.maxTableBytes' (256 MiB); raise it or use branchAndBoundTsp",
    );
    expect(() => heldKarp(points.slice(0, 12), { maxTableBytes: 1000 })).toThrow(/12 points need a 0 MiB table/);
  });

  it('rejects fewer than 3 points and non-finite coordinates', () => {
    expect(() => heldKarp([[0, 0], [1, 1]])).toThrow("heldKarp: expected 'points' to hold at least 3 points, got 2");
    expect(() => heldKarp([[0, 0], [1, 1], [NaN, 0]])).toThrow('heldKarp: expected points[2] to be [x, y] with finite numbers, got [NaN, 0]');
  });
});
