/**
 * Exact convex hull by Andrew's monotone chain (A. M. Andrew, "Another efficient algorithm for
 * convex hulls in two dimensions", 1979), with exact orientation tests, in the target convention
 * of Vinyals et al. (2015), "Pointer Networks", section 4.2: hull vertices as input indices,
 * counter-clockwise, starting from the lowest index.
 */
import type { Point } from '../point';
import { orient2d } from '../predicates';
import { assertPoints } from '../validate';

/**
 * Indices of the convex-hull vertices of `points`, counter-clockwise, starting from the lowest
 * index among them.
 *
 * Policy for degenerate input (all decisions are exact, no tolerance):
 * - collinear boundary points are excluded: only the corners of the hull are returned;
 * - duplicated points are represented by their lowest index;
 * - if all points are collinear the "hull" is the segment between the two extreme points,
 *   returned as those two indices (lowest first); if all points coincide, one index.
 *
 * @param points - at least 3 points with finite coordinates.
 * @throws RangeError for fewer than 3 points; TypeError for a malformed or non-finite point.
 */
export function convexHull(points: readonly Point[]): number[] {
  assertPoints(points, 'convexHull');
  const order = points.map((_, i) => i);
  order.sort((i, j) => {
    const a = points[i] as Point;
    const b = points[j] as Point;
    return a[0] - b[0] || a[1] - b[1] || i - j;
  });
  // Drop duplicates, keeping the lowest index (first in the sort for equal coordinates).
  const unique: number[] = [];
  for (const i of order) {
    const last = unique[unique.length - 1];
    const p = points[i] as Point;
    if (last !== undefined) {
      const q = points[last] as Point;
      if (q[0] === p[0] && q[1] === p[1]) continue;
    }
    unique.push(i);
  }
  if (unique.length < 3) return rotateToLowest(unique);

  const turnsLeft = (a: number, b: number, c: number): boolean => {
    const pa = points[a] as Point;
    const pb = points[b] as Point;
    const pc = points[c] as Point;
    return orient2d(pa[0], pa[1], pb[0], pb[1], pc[0], pc[1]) > 0;
  };
  // Lower chain left to right, then upper chain right to left; popping on "not a strict left
  // turn" removes collinear boundary points.
  const hull: number[] = [];
  for (const i of unique) {
    while (hull.length >= 2 && !turnsLeft(hull[hull.length - 2] as number, hull[hull.length - 1] as number, i)) hull.pop();
    hull.push(i);
  }
  const lowerSize = hull.length + 1;
  for (let k = unique.length - 2; k >= 0; k--) {
    const i = unique[k] as number;
    while (hull.length >= lowerSize && !turnsLeft(hull[hull.length - 2] as number, hull[hull.length - 1] as number, i)) hull.pop();
    hull.push(i);
  }
  hull.pop(); // the first point closes the chain
  return rotateToLowest(hull);
}

/**
 * Rotates a cyclic index sequence so that it starts at its lowest index (the first occurrence if
 * repeated), keeping its direction. This is the canonical form of a hull sequence.
 */
export function canonicalHullSequence(indices: readonly number[]): number[] {
  return rotateToLowest(indices);
}

function rotateToLowest(indices: readonly number[]): number[] {
  if (indices.length === 0) return [];
  let start = 0;
  for (let k = 1; k < indices.length; k++) if ((indices[k] as number) < (indices[start] as number)) start = k;
  return [...indices.slice(start), ...indices.slice(0, start)];
}
