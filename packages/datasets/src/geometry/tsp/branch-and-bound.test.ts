import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { samplePointSets } from '../sample';
import { scrambledCircle, uniformPoints } from '../testing';
import { branchAndBoundTsp } from './branch-and-bound';
import { heldKarp } from './held-karp';
import { isValidTour, tourLength } from './tour';

describe('branchAndBoundTsp', () => {
  it('agrees with Held-Karp', () => {
    fc.assert(
      fc.property(uniformPoints(3, 11), (points) => {
        const bb = branchAndBoundTsp(points);
        expect(bb.optimal).toBe(true);
        expect(isValidTour(bb.tour, points.length)).toBe(true);
        expect(bb.length).toBeCloseTo(heldKarp(points).length, 12);
      }),
      { numRuns: 150 },
    );
  });

  it('agrees with Held-Karp on larger seeded instances', () => {
    for (const points of samplePointSets(4, { nMin: 13, nMax: 18 }, 2024)) {
      expect(branchAndBoundTsp(points).length).toBeCloseTo(heldKarp(points).length, 12);
    }
  });

  it('follows the circle and reports a stopped search as not optimal', () => {
    const { points, circleOrder } = scrambledCircle(12);
    expect(branchAndBoundTsp(points).length).toBeCloseTo(tourLength(points, circleOrder), 12);
    const cut = branchAndBoundTsp(samplePointSets(1, { n: 14 }, 5)[0]!, { maxNodes: 3 });
    expect(cut.optimal).toBe(false);
    expect(cut.nodes).toBe(3);
    expect(isValidTour(cut.tour, 14)).toBe(true);
  });

  it('starts from a given tour and rejects a bad one', () => {
    const points = samplePointSets(1, { n: 9 }, 8)[0]!;
    const start = points.map((_, i) => i);
    expect(branchAndBoundTsp(points, { initialTour: start }).length).toBeCloseTo(heldKarp(points).length, 12);
    expect(() => branchAndBoundTsp(points, { initialTour: [0, 1, 2] })).toThrow(
      "branchAndBoundTsp: expected 'options.initialTour' to be a permutation of 0..8 (length 9), got [0, 1, 2]",
    );
  });
});
