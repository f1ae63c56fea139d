/**
 * Per-instance scores for TSP predictions, as in Vinyals et al. (2015), "Pointer Networks",
 * section 4.4 and Table 2: the predicted tour's length, its validity, and its gap to the reference.
 */
import { DatasetError } from '../../errors';
import type { Point } from '../point';
import { optimalTour } from '../tsp/optimal-tour';
import { canonicalTour, isValidTour, tourLength } from '../tsp/tour';
import { assertPoints } from '../validate';

/** Score of one predicted tour. */
export interface TspScore {
  /** The prediction is a permutation of the point indices ({@link isValidTour}). */
  readonly valid: boolean;
  /** The prediction and the reference are the same cycle (equal canonical forms). */
  readonly exact: boolean;
  /** Closed length of the prediction; `NaN` if invalid. */
  readonly length: number;
  /** Closed length of the reference tour. */
  readonly referenceLength: number;
  /** `length / referenceLength - 1`; `NaN` if invalid. Negative if the reference is not optimal. */
  readonly gap: number;
}

/**
 * Scores one predicted tour against the reference.
 *
 * @param predicted - a tour (any rotation and direction; a closing repeat of the first node, as
 *   in `[0, 3, 1, 2, 0]`, is accepted and dropped).
 * @param reference - the reference tour; default {@link optimalTour}`(points)` (exact, slow
 *   beyond ~20 points).
 * @throws RangeError if the reference is not a valid tour.
 */
export function scoreTour(
  points: readonly Point[],
  predicted: readonly number[],
  reference: readonly number[] = optimalTour(points).tour,
): TspScore {
  assertPoints(points, 'scoreTour');
  const n = points.length;
  const referenceTour = dropClosingNode(reference, n);
  if (!isValidTour(referenceTour, n)) {
    throw new DatasetError(`scoreTour: expected 'reference' to be a permutation of 0..${n - 1}`);
  }
  const referenceLength = tourLength(points, referenceTour);
  const tour = dropClosingNode(predicted, n);
  if (!isValidTour(tour, n)) {
    return { valid: false, exact: false, length: NaN, referenceLength, gap: NaN };
  }
  const length = tourLength(points, tour);
  const a = canonicalTour(tour);
  const b = canonicalTour(referenceTour);
  return { valid: true, exact: a.every((v, k) => v === b[k]), length, referenceLength, gap: length / referenceLength - 1 };
}

function dropClosingNode(tour: readonly number[], n: number): readonly number[] {
  return Array.isArray(tour) && tour.length === n + 1 && tour[0] === tour[n] ? tour.slice(0, n) : tour;
}
