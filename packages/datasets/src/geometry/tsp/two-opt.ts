/**
 * 2-opt local search (G. A. Croes, "A method for solving traveling-salesman problems", 1958):
 * replace edges (a, b), (c, d) by (a, c), (b, d), i.e. reverse the path b..c, while that shortens
 * the tour. The result has no improving 2-opt move left (a 2-optimal tour).
 */
import type { Point } from '../point';
import { assertPoints, assertTour } from '../validate';
import { distanceMatrix } from './distance-matrix';
import { nearestNeighbourTour } from './nearest-neighbour';
import { type TspSolution, canonicalTour, tourLength } from './tour';

/**
 * Relative improvement a move must achieve to be applied: `delta < -1e-12 * (d(a,b) + d(c,d))`.
 * Guards against cycling on moves that only gain rounding noise; scale-free.
 */
const RELATIVE_TOLERANCE = 1e-12;

/**
 * Polishes a given tour with 2-opt until no move improves it, and returns it in canonical form.
 * Moves are scanned in index order and applied at once (first improvement), so the result is
 * deterministic. Never returns a longer tour than the one given.
 *
 * @param tour - any valid tour (a permutation of the point indices), not modified.
 * @throws RangeError for fewer than 3 points or an invalid tour.
 */
export function twoOptPolish(points: readonly Point[], tour: readonly number[]): TspSolution {
  assertPoints(points, 'twoOptPolish');
  const n = points.length;
  assertTour(tour, n, 'twoOptPolish');
  const d = distanceMatrix(points);
  const t = Int32Array.from(tour);
  let improved = true;
  while (improved) {
    improved = false;
    for (let i = 0; i < n - 2; i++) {
      const a = t[i] as number;
      let b = t[i + 1] as number;
      let ab = d[a * n + b] as number;
      // j = n - 1 with i = 0 would pick two edges sharing node t[0]: not a move.
      const end = i === 0 ? n - 1 : n;
      for (let j = i + 2; j < end; j++) {
        const c = t[j] as number;
        const e = t[(j + 1) % n] as number;
        const ce = d[c * n + e] as number;
        const delta = (d[a * n + c] as number) + (d[b * n + e] as number) - ab - ce;
        if (delta < -RELATIVE_TOLERANCE * (ab + ce)) {
          t.subarray(i + 1, j + 1).reverse(); // tour becomes ... a, c, ..., b, e ...
          improved = true;
          b = t[i + 1] as number; // edge (a, b) changed: rescan its partners
          ab = d[a * n + b] as number;
          j = i + 1;
        }
      }
    }
  }
  const result = canonicalTour(Array.from(t));
  return { tour: result, length: tourLength(points, result) };
}

/** Options of {@link twoOptTour}. */
export interface TwoOptTourOptions {
  /** Tour to start from; default the nearest-neighbour tour from point 0. */
  readonly initialTour?: readonly number[];
}

/**
 * A 2-optimal tour: 2-opt applied to the nearest-neighbour tour (or `options.initialTour`),
 * in canonical form.
 *
 * @throws RangeError for fewer than 3 points or an invalid initial tour.
 */
export function twoOptTour(points: readonly Point[], options: TwoOptTourOptions = {}): TspSolution {
  const initial = options.initialTour ?? nearestNeighbourTour(points).tour;
  return twoOptPolish(points, initial);
}
