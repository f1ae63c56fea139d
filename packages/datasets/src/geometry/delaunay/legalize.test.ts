import { describe, expect, it } from 'vitest';
import { legalizeTriangulation } from './legalize';

const sortedTriangles = (triangles: Uint32Array): number[][] => {
  const out: number[][] = [];
  for (let t = 0; t < triangles.length; t += 3) out.push([...triangles.subarray(t, t + 3)].sort((a, b) => a - b));
  return out.sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!);
};

describe('legalizeTriangulation', () => {
  it('flips the long diagonal of a flat rhombus and relinks the half-edges', () => {
    // (-2, 0), (0, -1), (2, 0), (0, 1), split along the long diagonal 0-2
    const coords = new Float64Array([-2, 0, 0, -1, 2, 0, 0, 1]);
    const triangles = new Uint32Array([0, 1, 2, 0, 2, 3]);
    const halfedges = new Int32Array([-1, -1, 3, 2, -1, -1]);
    expect(legalizeTriangulation(coords, triangles, halfedges)).toBe(1);
    expect(sortedTriangles(triangles)).toEqual([[0, 1, 3], [1, 2, 3]]);
    // the new diagonal 1-3 is the only inner edge, and its two half-edges are twins
    const inner = [...halfedges.keys()].filter((e) => halfedges[e] !== -1);
    expect(inner).toHaveLength(2);
    const [e, f] = inner as [number, number];
    expect(halfedges[e]).toBe(f);
    expect(new Set([triangles[e], triangles[f]])).toEqual(new Set([1, 3]));
    // already Delaunay: nothing more to flip
    expect(legalizeTriangulation(coords, triangles, halfedges)).toBe(0);
  });

  it('leaves cocircular points alone', () => {
    const coords = new Float64Array([0, 0, 1, 0, 1, 1, 0, 1]);
    const triangles = new Uint32Array([0, 1, 2, 0, 2, 3]);
    expect(legalizeTriangulation(coords, triangles, new Int32Array([-1, -1, 3, 2, -1, -1]))).toBe(0);
  });
});
