/**
 * Tours of the travelling salesman problem as permutations of point indices, in the canonical form
 * used as the pointer-network target: start at point 0, and of the two directions take the one
 * whose second node is smaller than its last. The tour is closed implicitly (no repeated 0 at the
 * end); append `tour[0]` if a model needs the return step spelled out.
 */
import { DatasetError } from '../../errors';
import { type Point, distance } from '../point';
import { assertPoints, assertTour } from '../validate';

/** A tour and its closed length. */
export interface TspSolution {
  /** The tour in canonical form (see {@link canonicalTour}). */
  readonly tour: number[];
  /** Closed length, as {@link tourLength} computes it. */
  readonly length: number;
}

/**
 * Whether `tour` is a permutation of `0..n-1`: length `n`, integers only, each index once.
 * Any rotation or direction is valid; canonical form is not required.
 */
export function isValidTour(tour: readonly number[], n: number): boolean {
  if (!Array.isArray(tour) || !Number.isInteger(n) || tour.length !== n) return false;
  const seen = new Uint8Array(n);
  for (const v of tour) {
    if (!Number.isInteger(v) || v < 0 || v >= n || seen[v] === 1) return false;
    seen[v] = 1;
  }
  return true;
}

/**
 * Length of the closed tour `tour[0] -> tour[1] -> ... -> tour[n-1] -> tour[0]`, summed in that
 * order with `sqrt(dx^2 + dy^2)` per edge.
 *
 * @throws RangeError unless `tour` is a permutation of the point indices.
 */
export function tourLength(points: readonly Point[], tour: readonly number[]): number {
  assertPoints(points, 'tourLength');
  assertTour(tour, points.length, 'tourLength');
  let length = 0;
  for (let k = 0; k < tour.length; k++) {
    length += distance(points[tour[k] as number] as Point, points[tour[(k + 1) % tour.length] as number] as Point);
  }
  return length;
}

/**
 * The canonical form of a tour: rotated to start at 0, and reversed if needed so that the second
 * node is smaller than the last (`tour[1] < tour[n-1]`). Two tours describe the same cycle iff
 * their canonical forms are equal.
 *
 * @throws RangeError unless `tour` is a permutation of `0..tour.length-1` with at least 3 nodes.
 */
export function canonicalTour(tour: readonly number[]): number[] {
  const n = Array.isArray(tour) ? tour.length : 0;
  if (n < 3) throw new DatasetError(`canonicalTour: expected 'tour' to visit at least 3 nodes, got ${n}`);
  assertTour(tour, n, 'canonicalTour');
  const start = tour.indexOf(0);
  const rotated = [...tour.slice(start), ...tour.slice(0, start)];
  if ((rotated[1] as number) > (rotated[n - 1] as number)) {
    return [0, ...rotated.slice(1).reverse()];
  }
  return rotated;
}
