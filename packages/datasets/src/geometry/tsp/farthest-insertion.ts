/**
 * Farthest-insertion tour construction (D. J. Rosenkrantz, R. E. Stearns, P. M. Lewis, "An
 * analysis of several heuristics for the traveling salesman problem", 1977): repeatedly take the
 * unvisited point farthest from the tour and insert it where it lengthens the tour least. O(n^2);
 * typically within ~10% of optimal on uniform random points.
 */
import type { Point } from '../point';
import { assertPoints } from '../validate';
import { distanceMatrix } from './distance-matrix';
import { type TspSolution, canonicalTour, tourLength } from './tour';

/**
 * A farthest-insertion tour starting from point 0, returned in canonical form. Ties (farthest
 * point, cheapest position) go to the lowest index and the earliest position.
 *
 * @throws RangeError for fewer than 3 points.
 */
export function farthestInsertionTour(points: readonly Point[]): TspSolution {
  assertPoints(points, 'farthestInsertionTour');
  const n = points.length;
  const d = distanceMatrix(points);
  const inTour = new Uint8Array(n);
  const toTour = new Float64Array(n); // distance from each point to its nearest tour point
  const cycle = [0];
  inTour[0] = 1;
  for (let j = 0; j < n; j++) toTour[j] = d[j] as number;
  for (let step = 1; step < n; step++) {
    let pick = -1;
    let farthest = -1;
    for (let j = 0; j < n; j++) {
      if (inTour[j] === 0 && (toTour[j] as number) > farthest) {
        farthest = toTour[j] as number;
        pick = j;
      }
    }
    // Insert between cycle[p] and cycle[p + 1] with the least added length.
    let position = 0;
    let cheapest = Infinity;
    for (let p = 0; p < cycle.length; p++) {
      const a = cycle[p] as number;
      const b = cycle[(p + 1) % cycle.length] as number;
      const added = (d[a * n + pick] as number) + (d[pick * n + b] as number) - (d[a * n + b] as number);
      if (added < cheapest) {
        cheapest = added;
        position = p;
      }
    }
    cycle.splice(position + 1, 0, pick);
    inTour[pick] = 1;
    for (let j = 0; j < n; j++) {
      const viaPick = d[pick * n + j] as number;
      if (viaPick < (toTour[j] as number)) toTour[j] = viaPick;
    }
  }
  const tour = canonicalTour(cycle);
  return { tour, length: tourLength(points, tour) };
}
