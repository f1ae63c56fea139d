/**
 * Exact repair of a triangulation into a Delaunay one by Lawson edge flips (C. L. Lawson,
 * "Software for C1 surface interpolation", 1977).
 *
 * delaunator decides orientation exactly but its in-circle test is plain floating point, so on
 * nearly cocircular points (e.g. two points 2^-32 apart beside others 0.05 away) an edge may be
 * left whose opposite vertex lies inside the neighbouring circumcircle. Flipping every such edge,
 * judged by the exact {@link incircle}, until none is left yields a Delaunay triangulation; on
 * ordinary input the single checking pass finds nothing to flip.
 *
 * @internal
 */
import { incircle, orient2d } from '../predicates';

/**
 * Flips illegal edges in place until the triangulation is Delaunay.
 *
 * @param coords - `[x0, y0, x1, y1, ...]`.
 * @param triangles - vertex indices, three per triangle (delaunator's layout); modified.
 * @param halfedges - twin of each half-edge, `-1` on the hull (delaunator's layout); modified.
 * @returns the number of flips made.
 */
export function legalizeTriangulation(coords: Float64Array, triangles: Uint32Array, halfedges: Int32Array): number {
  const x = (p: number): number => coords[2 * p] as number;
  const y = (p: number): number => coords[2 * p + 1] as number;
  const link = (a: number, b: number): void => {
    halfedges[a] = b;
    if (b !== -1) halfedges[b] = a;
  };
  let flips = 0;
  const maxPasses = triangles.length + 2; // never reached: Lawson's flips terminate
  for (let pass = 0; pass < maxPasses; pass++) {
    let flipped = false;
    for (let a = 0; a < triangles.length; a++) {
      const b = halfedges[a] as number;
      if (b < a) continue; // hull edge (-1), or the twin was checked already
      // Triangle A = (pr, pl, p0) holds edge a: pr -> pl; triangle B holds its twin b: pl -> pr
      // and the vertex p1 opposite it (delaunator's naming).
      const a0 = a - (a % 3);
      const b0 = b - (b % 3);
      const al = a0 + ((a + 1) % 3);
      const ar = a0 + ((a + 2) % 3);
      const bl = b0 + ((b + 2) % 3);
      const p0 = triangles[ar] as number;
      const pr = triangles[a] as number;
      const pl = triangles[al] as number;
      const p1 = triangles[bl] as number;
      const orientation = orient2d(x(p0), y(p0), x(pr), y(pr), x(pl), y(pl));
      if (orientation === 0) continue;
      const inside = incircle(x(p0), y(p0), x(pr), y(pr), x(pl), y(pl), x(p1), y(p1)) * orientation > 0;
      if (!inside) continue;
      // Replace diagonal pr-pl by p0-p1: A becomes (p1, pl, p0), B becomes (p0, pr, p1).
      triangles[a] = p1;
      triangles[b] = p0;
      const hbl = halfedges[bl] as number;
      link(a, hbl);
      link(b, halfedges[ar] as number);
      link(ar, bl);
      flips++;
      flipped = true;
    }
    if (!flipped) return flips;
  }
  throw new Error('legalizeTriangulation: internal error, edge flips did not terminate');
}
