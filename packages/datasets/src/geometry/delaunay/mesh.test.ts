import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Point } from '../point';
import { allCollinear, anyPoints } from '../testing';
import { legalizeTriangulation } from './legalize';
import { isValidMesh, sweepTriangulation } from './mesh';

const distinctCoords = (points: readonly Point[]): Float64Array => {
  const seen = new Set(points.map((p) => p.join(',')));
  return Float64Array.from([...seen].flatMap((key) => key.split(',').map(Number)));
};

describe('sweepTriangulation', () => {
  it('fans over a collinear start on either side', () => {
    // three collinear points then one to the left (above) or right (below) of their line
    for (const apexY of [1, -1]) {
      const coords = new Float64Array([0, 0, 1, 0, 2, 0, 1, apexY]);
      const mesh = sweepTriangulation(coords);
      expect(mesh.triangles).toHaveLength(6);
      expect(isValidMesh(coords, mesh)).toBe(true);
    }
  });

  it('returns no triangle for collinear points', () => {
    expect(sweepTriangulation(new Float64Array([0, 0, 1, 1, 2, 2])).triangles).toHaveLength(0);
  });

  it('always builds a valid mesh that edge flips keep valid', () => {
    fc.assert(
      fc.property(anyPoints(3, 40), (points) => {
        const coords = distinctCoords(points);
        fc.pre(!allCollinear(points));
        const mesh = sweepTriangulation(coords);
        expect(isValidMesh(coords, mesh)).toBe(true);
        legalizeTriangulation(coords, mesh.triangles, mesh.halfedges);
        expect(isValidMesh(coords, mesh)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('isValidMesh', () => {
  const coords = new Float64Array([0, 0, 1, 0, 1, 1, 0, 1]);

  it('accepts a triangulated square in either orientation', () => {
    expect(isValidMesh(coords, { triangles: new Uint32Array([0, 1, 2, 0, 2, 3]), halfedges: new Int32Array([-1, -1, 3, 2, -1, -1]) })).toBe(true);
    expect(isValidMesh(coords, { triangles: new Uint32Array([0, 2, 1, 0, 3, 2]), halfedges: new Int32Array([5, -1, -1, -1, -1, 0]) })).toBe(true);
  });

  it('rejects a missing point, an inverted triangle, a hole or overlap, and broken twins', () => {
    // point 3 unused
    expect(isValidMesh(coords, { triangles: new Uint32Array([0, 1, 2]), halfedges: new Int32Array([-1, -1, -1]) })).toBe(false);
    // second triangle inverted
    expect(isValidMesh(coords, { triangles: new Uint32Array([0, 1, 2, 0, 3, 2]), halfedges: new Int32Array([-1, -1, 3, 2, -1, -1]) })).toBe(false);
    // both diagonals' triangles: overlap (counts do not fit)
    expect(
      isValidMesh(coords, {
        triangles: new Uint32Array([0, 1, 2, 0, 2, 3, 0, 1, 3]),
        halfedges: new Int32Array([-1, -1, 3, 2, -1, -1, -1, -1, -1]),
      }),
    ).toBe(false);
    // twin pointing at an edge that does not point back
    expect(isValidMesh(coords, { triangles: new Uint32Array([0, 1, 2, 0, 2, 3]), halfedges: new Int32Array([-1, -1, 3, 1, -1, -1]) })).toBe(false);
  });
});
