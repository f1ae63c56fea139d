/**
 * The point type every geometry function takes: a plain `[x, y]` pair, so that point sets are
 * JSON-friendly and an index into the array is the pointer a pointer network emits.
 */

/** A point in the plane, `[x, y]`. */
export type Point = readonly [x: number, y: number];

/** Euclidean distance between points `a` and `b`. */
export function distance(a: Point, b: Point): number {
  const dx = a[0] - b[0];
  const dy = a[1] - b[1];
  return Math.sqrt(dx * dx + dy * dy);
}
