/**
 * Per-instance scores for convex-hull predictions, as in Vinyals et al. (2015), "Pointer
 * Networks", section 4.2 and Table 1: accuracy (the predicted sequence equals the target after
 * canonicalisation) and area coverage (area of the predicted polygon over the true hull's area).
 */
import { DatasetError } from '../../errors';
import { canonicalHullSequence, convexHull } from '../hull/convex-hull';
import { isSimplePolygon, polygonArea } from '../hull/polygon';
import type { Point } from '../point';
import { assertPoints } from '../validate';

/** Score of one predicted hull. */
export interface HullScore {
  /** The prediction is a simple polygon on distinct points (see {@link isSimplePolygon}). */
  readonly valid: boolean;
  /**
   * The prediction, rotated to start at its lowest index, equals the reference in the same form.
   * Direction counts: the target convention is counter-clockwise, so a clockwise listing of the
   * right vertices is not a match.
   */
  readonly exact: boolean;
  /** `|area(prediction)| / area(reference)` for a valid prediction, `0` for an invalid one. */
  readonly coverage: number;
}

/**
 * Scores one predicted hull against the reference.
 *
 * @param predicted - predicted vertex indices (end token already removed); a closing repeat of the
 *   first index, as in `[0, 4, 2, 0]`, is accepted and dropped.
 * @param reference - the true hull; default {@link convexHull}`(points)`.
 * @throws RangeError if the reference hull has zero area (all points collinear).
 */
export function scoreConvexHull(
  points: readonly Point[],
  predicted: readonly number[],
  reference: readonly number[] = convexHull(points),
): HullScore {
  assertPoints(points, 'scoreConvexHull');
  const referenceArea = Math.abs(polygonArea(points, reference));
  if (!(referenceArea > 0)) {
    throw new DatasetError('scoreConvexHull: expected a reference hull with positive area, got a degenerate one (collinear points)');
  }
  const polygon =
    predicted.length > 3 && predicted[0] === predicted[predicted.length - 1] ? predicted.slice(0, -1) : predicted;
  const valid = isSimplePolygon(points, polygon);
  const a = canonicalHullSequence(polygon);
  const b = canonicalHullSequence(reference);
  const exact = a.length === b.length && a.every((v, k) => v === b[k]);
  const coverage = valid ? Math.abs(polygonArea(points, polygon)) / referenceArea : 0;
  return { valid, exact, coverage };
}
