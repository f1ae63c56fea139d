import { convexHull, samplePointSets, tourLength, optimalTour } from '@seq2seq/datasets';
import { describe, expect, it } from 'vitest';
import { orientTarget } from './train';

describe('training targets in a geometric convention', () => {
  const sets = samplePointSets(20, { n: 9 }, 4);

  it('tours go first to the nearer neighbour of point 0 and keep their length', () => {
    for (const p of sets) {
      const tour = optimalTour(p).tour;
      const t = orientTarget('tsp', p, tour);
      expect(t[0]).toBe(0);
      expect(tourLength(p, t)).toBeCloseTo(tourLength(p, tour), 12);
      const d = (i: number) => Math.hypot(p[i]![0] - p[0]![0], p[i]![1] - p[0]![1]);
      expect(d(t[1]!)).toBeLessThanOrEqual(d(t[t.length - 1]!));
    }
  });

  it('hulls start at their lowest point and stay counter-clockwise', () => {
    for (const p of sets) {
      const hull = convexHull(p);
      const h = orientTarget('convex-hull', p, hull);
      expect([...h].sort()).toEqual([...hull].sort());
      expect(Math.min(...h.map((i) => p[i]![1]))).toBe(p[h[0]!]![1]);
      const k = hull.indexOf(h[0]!);
      expect(h).toEqual([...hull.slice(k), ...hull.slice(0, k)]);
    }
  });
});
