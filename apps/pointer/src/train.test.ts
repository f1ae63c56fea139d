import { convexHull, delaunayTriangles, encodeTriangles, samplePointSets, tourLength, optimalTour } from '@seq2seq/datasets';
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

  it('Delaunay triangles keep their order and vertices, counter-clockwise from the leftmost', () => {
    for (const p of sets) {
      const flat = encodeTriangles(delaunayTriangles(p));
      const o = orientTarget('delaunay', p, flat);
      expect(o).toHaveLength(flat.length);
      for (let g = 0; g < o.length; g += 3) {
        const [a, b, c] = [o[g]!, o[g + 1]!, o[g + 2]!];
        expect([a, b, c].sort()).toEqual(flat.slice(g, g + 3).sort());
        expect(p[a]![0]).toBe(Math.min(p[a]![0], p[b]![0], p[c]![0]));
        const cross = (p[b]![0] - p[a]![0]) * (p[c]![1] - p[a]![1]) - (p[b]![1] - p[a]![1]) * (p[c]![0] - p[a]![0]);
        expect(cross).toBeGreaterThan(0);
      }
    }
  });
});
