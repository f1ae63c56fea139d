/**
 * Delaunay triangulation in the target convention of Vinyals et al. (2015), "Pointer Networks",
 * section 4.3: "we order the triangles C_i by their incenter coordinates and choose the increasing
 * triangle representation". delaunator triangulates; exact checks and edge flips then repair the
 * rare results its floating-point in-circle test gets wrong.
 */
import { DatasetError } from '../../errors';
import DelaunatorImport from 'delaunator';
import { lowestDuplicateIndex } from '../distinct';
import type { Point } from '../point';
import { orient2d } from '../predicates';
import { assertPoints } from '../validate';
import { legalizeTriangulation } from './legalize';
import { type Mesh, isValidMesh, sweepTriangulation } from './mesh';

/**
 * delaunator is ESM-only. In the CommonJS build, `require` of it (Node >= 20.19) yields the module
 * namespace, which the bundler's interop wraps once more, so the class sits one `default` deeper.
 */
const Delaunator: typeof DelaunatorImport =
  typeof DelaunatorImport === 'function'
    ? DelaunatorImport
    : (DelaunatorImport as unknown as { default: typeof DelaunatorImport }).default;

/** A triangle as three point indices. */
export type Triangle = readonly [number, number, number];

/** Options of {@link delaunayTriangles}. */
export interface DelaunayOptions {
  /**
   * Order of the indices inside each triangle.
   * - `'ascending'` (default, the paper's "increasing triangle representation"): `i < j < k`.
   * - `'ccw'`: counter-clockwise, starting from the lowest index.
   */
  readonly vertexOrder?: 'ascending' | 'ccw';
}

/**
 * Delaunay triangulation of `points` as index triples: no point lies strictly inside the
 * circumcircle of any triangle, decided with exact predicates.
 *
 * Triangles are sorted by incenter x, then incenter y (as {@link incenter} computes them from the
 * ascending triple), then by the ascending triple itself (only to break exact ties). Inside a
 * triangle the order follows `options.vertexOrder`.
 *
 * Degenerate input:
 * - duplicated points are triangulated once, represented by their lowest index (distinct points
 *   are never merged, however close);
 * - if all points are collinear there is no triangle and the result is `[]`;
 * - for four or more cocircular points the Delaunay triangulation is not unique; the one returned
 *   is delaunator's choice (or the sweep's) and is deterministic for a given input.
 *
 * @param points - at least 3 points with finite coordinates.
 * @throws RangeError for fewer than 3 points; TypeError for a malformed or non-finite point.
 */
export function delaunayTriangles(points: readonly Point[], options: DelaunayOptions = {}): Triangle[] {
  assertPoints(points, 'delaunayTriangles');
  const vertexOrder = options.vertexOrder ?? 'ascending';
  if (vertexOrder !== 'ascending' && vertexOrder !== 'ccw') {
    throw new DatasetError(`delaunayTriangles: expected 'options.vertexOrder' to be 'ascending' or 'ccw', got ${String(vertexOrder)}`);
  }
  // Triangulate the distinct points only, so that a duplicate is always represented by its
  // lowest index (delaunator would keep whichever copy its internal sort meets first).
  const lowest = lowestDuplicateIndex(points);
  const original: number[] = [];
  for (let i = 0; i < points.length; i++) if (lowest[i] === i) original.push(i);
  const coords = new Float64Array(original.length * 2);
  original.forEach((i, u) => {
    const [x, y] = points[i] as Point;
    coords[2 * u] = x;
    coords[2 * u + 1] = y;
  });
  const flat = exactDelaunayMesh(coords).triangles;

  const keyed: { triangle: Triangle; ix: number; iy: number; sorted: Triangle }[] = [];
  for (let t = 0; t < flat.length; t += 3) {
    const a = original[flat[t] as number] as number;
    const b = original[flat[t + 1] as number] as number;
    const c = original[flat[t + 2] as number] as number;
    // delaunator's "counter-clockwise" assumes a y-down screen; decide with the exact test instead
    const [pa, pb, pc] = [points[a] as Point, points[b] as Point, points[c] as Point];
    const ccw: [number, number, number] = orient2d(pa[0], pa[1], pb[0], pb[1], pc[0], pc[1]) > 0 ? [a, b, c] : [a, c, b];
    const sorted = [...ccw].sort((u, v) => u - v) as unknown as Triangle;
    // from the ascending triple, so that rounding does not depend on the vertex order
    const [ix, iy] = incenter(points[sorted[0]] as Point, points[sorted[1]] as Point, points[sorted[2]] as Point);
    keyed.push({ triangle: vertexOrder === 'ascending' ? sorted : rotateToLowest(ccw), ix, iy, sorted });
  }
  keyed.sort((a, b) => a.ix - b.ix || a.iy - b.iy || compareTriangles(a.sorted, b.sorted));
  return keyed.map((k) => k.triangle);
}

/**
 * The Delaunay mesh of distinct points: delaunator's, checked exactly; on the rare input where it
 * is not a valid triangulation (near-degenerate points, or distinct points it merged as
 * duplicates) an exact sweep triangulation replaces it. Exact edge flips then make it Delaunay.
 */
function exactDelaunayMesh(coords: Float64Array): Mesh {
  const n = coords.length >> 1;
  if (n < 3) return { triangles: new Uint32Array(0), halfedges: new Int32Array(0) };
  const fast = new Delaunator(coords);
  let mesh: Mesh = { triangles: fast.triangles.slice(), halfedges: fast.halfedges.slice() };
  if (!isValidMesh(coords, mesh)) mesh = sweepTriangulation(coords);
  legalizeTriangulation(coords, mesh.triangles, mesh.halfedges);
  return mesh;
}

/**
 * Incenter of triangle abc: the vertices weighted by the lengths of the opposite sides,
 * `(|bc| a + |ca| b + |ab| c) / (|bc| + |ca| + |ab|)`.
 */
export function incenter(a: Point, b: Point, c: Point): Point {
  const la = Math.hypot(b[0] - c[0], b[1] - c[1]);
  const lb = Math.hypot(c[0] - a[0], c[1] - a[1]);
  const lc = Math.hypot(a[0] - b[0], a[1] - b[1]);
  const sum = la + lb + lc;
  if (sum === 0) return [a[0], a[1]];
  return [(la * a[0] + lb * b[0] + lc * c[0]) / sum, (la * a[1] + lb * b[1] + lc * c[1]) / sum];
}

/** Lexicographic comparison of two index triples. */
export function compareTriangles(a: Triangle, b: Triangle): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

function rotateToLowest([a, b, c]: [number, number, number]): Triangle {
  if (a < b && a < c) return [a, b, c];
  if (b < c) return [b, c, a];
  return [c, a, b];
}
