import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pointsWithTour, uniformPoints } from '../testing';
import { farthestInsertionTour } from './farthest-insertion';
import { nearestNeighbourTour } from './nearest-neighbour';
import { isValidTour, tourLength } from './tour';
import { twoOptPolish, twoOptTour } from './two-opt';

const isCanonical = (tour: readonly number[]): boolean => tour[0] === 0 && tour[1]! < tour[tour.length - 1]!;

describe('tour construction and 2-opt', () => {
  it('return canonical permutations with their lengths', () => {
    fc.assert(
      fc.property(uniformPoints(3, 25), (points) => {
        for (const { tour, length } of [nearestNeighbourTour(points), farthestInsertionTour(points), twoOptTour(points)]) {
          expect(isValidTour(tour, points.length)).toBe(true);
          expect(isCanonical(tour)).toBe(true);
          expect(length).toBe(tourLength(points, tour));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('2-opt never lengthens a tour and leaves no improving move', () => {
    fc.assert(
      fc.property(pointsWithTour(3, 25), ([points, tour]) => {
        const polished = twoOptPolish(points, tour);
        expect(isValidTour(polished.tour, points.length)).toBe(true);
        expect(polished.length).toBeLessThanOrEqual(tourLength(points, tour) + 1e-12);
        const t = polished.tour;
        const n = t.length;
        const d = (a: number, b: number) => Math.hypot(points[a]![0] - points[b]![0], points[a]![1] - points[b]![1]);
        for (let i = 0; i < n; i++) {
          for (let j = i + 2; j < n; j++) {
            if (i === 0 && j === n - 1) continue;
            const gain = d(t[i]!, t[i + 1]!) + d(t[j]!, t[(j + 1) % n]!) - d(t[i]!, t[j]!) - d(t[i + 1]!, t[(j + 1) % n]!);
            expect(gain).toBeLessThan(1e-9);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('2-opt rejects an invalid tour', () => {
    expect(() => twoOptPolish([[0, 0], [1, 0], [0, 1]], [0, 0, 1])).toThrow(
      "twoOptPolish: expected 'tour' to be a permutation of 0..2, got [0, 0, 1]",
    );
  });
});
