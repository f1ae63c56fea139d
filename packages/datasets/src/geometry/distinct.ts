/**
 * Duplicate detection for point sets: exact coordinate equality, resolved to the lowest index.
 *
 * @internal
 */
import type { Point } from './point';

/**
 * For each point, the lowest index of a point at exactly the same position (itself if unique).
 * Sorts indices by coordinates, O(n log n), without building string keys.
 */
export function lowestDuplicateIndex(points: readonly Point[]): Int32Array {
  const order = points.map((_, i) => i);
  order.sort((i, j) => {
    const a = points[i] as Point;
    const b = points[j] as Point;
    return a[0] - b[0] || a[1] - b[1] || i - j;
  });
  const lowest = new Int32Array(points.length);
  let first = -1;
  for (const i of order) {
    const p = points[i] as Point;
    const q = first === -1 ? undefined : (points[first] as Point);
    if (q === undefined || q[0] !== p[0] || q[1] !== p[1]) first = i;
    lowest[i] = first;
  }
  return lowest;
}
