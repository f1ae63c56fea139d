import { describe, expect, it } from 'vitest';
import { delaunayTriangles } from './delaunay/delaunay';
import { generateGeometryExamples, geometryTarget } from './dataset';
import { convexHull } from './hull/convex-hull';
import { samplePointSets } from './sample';
import { heldKarp } from './tsp/held-karp';
import { tourLength } from './tsp/tour';

describe('generateGeometryExamples', () => {
  it('labels seeded point sets for each task', () => {
    const size = { nMin: 5, nMax: 9 } as const;
    const sets = samplePointSets(6, size, 17);
    const hull = generateGeometryExamples({ task: 'convex-hull', count: 6, size, random: 17 });
    expect(hull.map((e) => e.points)).toEqual(sets);
    expect(hull.map((e) => e.target)).toEqual(sets.map(convexHull));
    const delaunay = generateGeometryExamples({ task: 'delaunay', count: 6, size, random: 17 });
    expect(delaunay.map((e) => e.target)).toEqual(sets.map((p) => delaunayTriangles(p).flat()));
    const tsp = generateGeometryExamples({ task: 'tsp', count: 6, size, random: 17 });
    expect(tsp.map((e) => e.target)).toEqual(sets.map((p) => heldKarp(p).tour));
  });

  it('labels TSP with a heuristic on request', () => {
    const points = samplePointSets(1, { n: 30 }, 1)[0]!;
    const exactLength = (labeller: 'two-opt' | 'farthest-insertion' | 'nearest-neighbour') =>
      tourLength(points, geometryTarget('tsp', points, { tspLabeller: labeller }));
    expect(exactLength('two-opt')).toBeLessThanOrEqual(exactLength('nearest-neighbour'));
    expect(() => geometryTarget('tsp', points, { tspLabeller: 'christofides' as never })).toThrow(
      "geometryTarget: expected 'tspLabeller' to be 'exact', 'two-opt', 'farthest-insertion' or 'nearest-neighbour', got christofides",
    );
    expect(() => geometryTarget('sorting' as never, points)).toThrow(
      "geometryTarget: expected 'task' to be 'convex-hull', 'delaunay' or 'tsp', got sorting",
    );
  });
});
