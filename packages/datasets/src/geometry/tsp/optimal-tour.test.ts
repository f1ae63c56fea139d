import { describe, expect, it } from 'vitest';
import { samplePointSets } from '../sample';
import { heldKarp } from './held-karp';
import { optimalTour } from './optimal-tour';

describe('optimalTour', () => {
  it('uses either exact solver and agrees across them', () => {
    const points = samplePointSets(1, { n: 10 }, 3)[0]!;
    const auto = optimalTour(points);
    expect(optimalTour(points, 'branch-and-bound').length).toBeCloseTo(auto.length, 12);
    expect(optimalTour(points, 'held-karp')).toEqual(heldKarp(points));
    expect(() => optimalTour(points, 'greedy' as never)).toThrow(
      "optimalTour: expected 'method' to be 'auto', 'held-karp' or 'branch-and-bound', got greedy",
    );
  });
});
