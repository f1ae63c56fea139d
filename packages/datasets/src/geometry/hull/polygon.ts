/**
 * Polygons given as index sequences into a point set: signed area (shoelace formula) and an exact
 * simplicity test, used by the hull area-coverage metric.
 */
import { lowestDuplicateIndex } from '../distinct';
import type { Point } from '../point';
import { orient2d } from '../predicates';

/**
 * Signed area of the polygon `points[indices[0]], points[indices[1]], ...` by the shoelace formula:
 * positive when the vertices run counter-clockwise. Fewer than 3 vertices give 0.
 * Indices are not checked; see {@link isSimplePolygon}.
 */
export function polygonArea(points: readonly Point[], indices: readonly number[]): number {
  const k = indices.length;
  if (k < 3) return 0;
  const [ox, oy] = points[indices[0] as number] as Point; // shift to the first vertex for accuracy
  let twice = 0;
  for (let a = 1; a < k - 1; a++) {
    const p = points[indices[a] as number] as Point;
    const q = points[indices[a + 1] as number] as Point;
    twice += (p[0] - ox) * (q[1] - oy) - (q[0] - ox) * (p[1] - oy);
  }
  return twice / 2;
}

/**
 * Whether `indices` describes a simple polygon on `points`: at least 3 vertices, every index an
 * integer in range and used once, no two vertices at the same position, adjacent edges meeting
 * only at their shared vertex, and non-adjacent edges not meeting at all (touching counts as
 * meeting). Either orientation is accepted. Exact: uses exact orientation tests, O(k^2).
 */
export function isSimplePolygon(points: readonly Point[], indices: readonly number[]): boolean {
  const k = indices.length;
  if (k < 3) return false;
  const seen = new Set<number>();
  for (const i of indices) {
    if (!Number.isInteger(i) || i < 0 || i >= points.length || seen.has(i)) return false;
    seen.add(i);
  }
  const vertices = indices.map((i) => points[i] as Point);
  const lowest = lowestDuplicateIndex(vertices);
  if (lowest.some((first, k) => first !== k)) return false; // two vertices at one position
  const vertex = (a: number): Point => points[indices[a % k] as number] as Point;
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      const adjacent = b === a + 1 || (a === 0 && b === k - 1);
      if (adjacent) {
        // Edges share one vertex; they overlap beyond it only if they fold back collinearly.
        const shared = b === a + 1 ? vertex(b) : vertex(a);
        const u = b === a + 1 ? vertex(a) : vertex(a + 1);
        const w = b === a + 1 ? vertex(b + 1) : vertex(b);
        if (orient2d(u[0], u[1], shared[0], shared[1], w[0], w[1]) === 0 && foldsBack(u, shared, w)) return false;
      } else if (segmentsMeet(vertex(a), vertex(a + 1), vertex(b), vertex(b + 1))) {
        return false;
      }
    }
  }
  return true;
}

/** For collinear u, s, w: whether u and w lie on the same side of s (the path u-s-w reverses). */
function foldsBack(u: Point, s: Point, w: Point): boolean {
  // Signs of differences are exact in floating point; products of them could underflow.
  return Math.sign(u[0] - s[0]) * Math.sign(w[0] - s[0]) > 0 || Math.sign(u[1] - s[1]) * Math.sign(w[1] - s[1]) > 0;
}

/** Whether closed segments pq and rs share at least one point. */
function segmentsMeet(p: Point, q: Point, r: Point, s: Point): boolean {
  const o1 = orient2d(p[0], p[1], q[0], q[1], r[0], r[1]);
  const o2 = orient2d(p[0], p[1], q[0], q[1], s[0], s[1]);
  const o3 = orient2d(r[0], r[1], s[0], s[1], p[0], p[1]);
  const o4 = orient2d(r[0], r[1], s[0], s[1], q[0], q[1]);
  if (o1 !== o2 && o3 !== o4 && o1 !== 0 && o2 !== 0 && o3 !== 0 && o4 !== 0) return true;
  return (
    (o1 === 0 && onSegment(p, q, r)) ||
    (o2 === 0 && onSegment(p, q, s)) ||
    (o3 === 0 && onSegment(r, s, p)) ||
    (o4 === 0 && onSegment(r, s, q))
  );
}

/** For c collinear with ab: whether c lies within the bounding box of segment ab. */
function onSegment(a: Point, b: Point, c: Point): boolean {
  return (
    Math.min(a[0], b[0]) <= c[0] && c[0] <= Math.max(a[0], b[0]) &&
    Math.min(a[1], b[1]) <= c[1] && c[1] <= Math.max(a[1], b[1])
  );
}
