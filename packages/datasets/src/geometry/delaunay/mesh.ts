/**
 * Triangle meshes in delaunator's flat layout, and the exact checks and constructions that make
 * {@link delaunayTriangles} robust on any input:
 *
 * - `triangles[3t], triangles[3t + 1], triangles[3t + 2]` are the vertices of triangle t; half-edge
 *   e runs from `triangles[e]` to the next vertex of its triangle;
 * - `halfedges[e]` is the opposite half-edge in the neighbouring triangle, `-1` on the boundary.
 *
 * @internal
 */
import { orient2d } from '../predicates';

/** A triangulation in delaunator's layout. */
export interface Mesh {
  readonly triangles: Uint32Array;
  readonly halfedges: Int32Array;
}

const next = (e: number): number => (e % 3 === 2 ? e - 2 : e + 1);

/**
 * Whether `mesh` is a triangulation of all the (distinct) points in `coords` covering their convex
 * hull exactly once, decided with exact predicates: every point is a vertex, every triangle has
 * the same strict orientation, no point lies strictly outside a boundary edge, and the counts of
 * boundary edges (h, the points on the hull boundary) and triangles (2n - h - 2) are those of a
 * triangulated convex polygon.
 */
export function isValidMesh(coords: Float64Array, mesh: Mesh): boolean {
  const { triangles, halfedges } = mesh;
  const n = coords.length >> 1;
  const x = (p: number): number => coords[2 * p] as number;
  const y = (p: number): number => coords[2 * p + 1] as number;
  if (triangles.length === 0 || triangles.length % 3 !== 0 || halfedges.length !== triangles.length) return false;
  const used = new Uint8Array(n);
  let sign = 0;
  for (let t = 0; t < triangles.length; t += 3) {
    const [a, b, c] = [triangles[t] as number, triangles[t + 1] as number, triangles[t + 2] as number];
    used[a] = used[b] = used[c] = 1;
    const o = orient2d(x(a), y(a), x(b), y(b), x(c), y(c));
    if (o === 0 || (sign !== 0 && o !== sign)) return false;
    sign = o;
  }
  if (used.includes(0)) return false;
  const onBoundary = new Uint8Array(n);
  let boundaryEdges = 0;
  for (let e = 0; e < triangles.length; e++) {
    const twin = halfedges[e] as number;
    if (twin !== -1) {
      if (halfedges[twin] !== e || triangles[twin] !== triangles[next(e)]) return false;
      continue;
    }
    boundaryEdges++;
    const u = triangles[e] as number;
    const v = triangles[next(e)] as number;
    onBoundary[u] = 1;
    // outside is the side opposite to the triangles
    for (let p = 0; p < n; p++) {
      if (p !== u && p !== v && orient2d(x(u), y(u), x(v), y(v), x(p), y(p)) === -sign) return false;
    }
  }
  let h = 0;
  for (let p = 0; p < n; p++) h += onBoundary[p] as number;
  return boundaryEdges === h && triangles.length === 3 * (2 * n - h - 2);
}

/**
 * Triangulates distinct points by a sweep in lexicographic order with exact orientation tests:
 * each point lies outside the hull of the points before it and is joined to every hull edge it
 * sees. Always valid (not yet Delaunay); O(n log n + n h). Returns an empty mesh if all points are
 * collinear. Triangles are counter-clockwise.
 */
export function sweepTriangulation(coords: Float64Array): Mesh {
  const n = coords.length >> 1;
  const x = (p: number): number => coords[2 * p] as number;
  const y = (p: number): number => coords[2 * p + 1] as number;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x(a) - x(b) || y(a) - y(b));
  const orient = (a: number, b: number, c: number): number => orient2d(x(a), y(a), x(b), y(b), x(c), y(c));

  // first point off the line of the first two
  let k = 2;
  while (k < n && orient(order[0] as number, order[1] as number, order[k] as number) === 0) k++;
  if (k >= n) return { triangles: new Uint32Array(0), halfedges: new Int32Array(0) };

  const triangles: number[] = [];
  const halfedges: number[] = [];
  const hullNext = new Int32Array(n).fill(-1);
  const hullPrev = new Int32Array(n).fill(-1);
  const hullEdge = new Int32Array(n).fill(-1); // half-edge of the hull edge v -> hullNext[v]
  const addTriangle = (a: number, b: number, c: number): number => {
    const t = triangles.length;
    triangles.push(a, b, c);
    halfedges.push(-1, -1, -1);
    return t;
  };
  const link = (a: number, b: number): void => {
    halfedges[a] = b;
    if (b !== -1) halfedges[b] = a;
  };
  const setHullEdge = (u: number, v: number, e: number): void => {
    hullNext[u] = v;
    hullPrev[v] = u;
    hullEdge[u] = e;
  };

  // Fan from order[k] over the collinear run order[0..k-1], counter-clockwise.
  const apex = order[k] as number;
  const left = orient(order[0] as number, order[1] as number, apex) > 0;
  let previous = -1;
  for (let i = 0; i + 1 < k; i++) {
    const a = order[i] as number;
    const b = order[i + 1] as number;
    if (left) {
      const t = addTriangle(a, b, apex); // edges a->b, b->apex, apex->a
      setHullEdge(a, b, t);
      if (previous !== -1) link(t + 2, previous + 1);
      else setHullEdge(apex, a, t + 2);
      if (i + 2 === k) setHullEdge(b, apex, t + 1);
      previous = t;
    } else {
      const t = addTriangle(b, a, apex); // edges b->a, a->apex, apex->b
      setHullEdge(b, a, t);
      if (previous !== -1) link(t + 1, previous + 2);
      else setHullEdge(a, apex, t + 1);
      if (i + 2 === k) setHullEdge(apex, b, t + 2);
      previous = t;
    }
  }

  let last = apex;
  for (let s = k + 1; s < n; s++) {
    const p = order[s] as number;
    // The last point is lexicographically largest, so p sees at least one hull edge at it.
    let start = last;
    while (orient(hullPrev[start] as number, start, p) < 0) start = hullPrev[start] as number;
    let end = start;
    let chainTriangle = -1; // triangle built on the previous visible edge
    let firstTriangle = -1;
    while (orient(end, hullNext[end] as number, p) < 0) {
      const u = end;
      const v = hullNext[end] as number;
      const t = addTriangle(v, u, p); // edges v->u (twin of hull edge u->v), u->p, p->v
      link(t, hullEdge[u] as number);
      if (chainTriangle !== -1) link(t + 1, chainTriangle + 2);
      else firstTriangle = t;
      chainTriangle = t;
      end = v;
    }
    // hull: ... start -> p -> end ...
    setHullEdge(start, p, firstTriangle + 1);
    setHullEdge(p, end, chainTriangle + 2);
    last = p;
  }
  return { triangles: Uint32Array.from(triangles), halfedges: Int32Array.from(halfedges) };
}
