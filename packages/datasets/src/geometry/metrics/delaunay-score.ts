/**
 * Per-instance scores for Delaunay-triangulation predictions, as in Vinyals et al. (2015),
 * "Pointer Networks", section 4.3: accuracy (the predicted set of triangles equals the true set)
 * and triangle coverage (the share of true triangles that were predicted).
 */
import { DatasetError } from '../../errors';
import { type Triangle, delaunayTriangles } from '../delaunay/delaunay';
import { decodeTriangles } from '../delaunay/triangle-sequence';
import type { Point } from '../point';
import { assertPoints } from '../validate';

/**
 * A predicted triangulation: triangles as index groups, or the flat sequence a model emits
 * (`[i1, j1, k1, i2, ...]`, split with {@link decodeTriangles}).
 */
export type DelaunayPrediction = readonly number[] | readonly (readonly number[])[];

/** Score of one predicted triangulation. */
export interface DelaunayScore {
  /**
   * Every group is a triangle of three distinct in-range indices and no triangle is listed twice
   * (vertex order inside a triangle is free).
   */
  readonly valid: boolean;
  /** Valid, and the predicted set of triangles equals the reference set. */
  readonly exact: boolean;
  /** Share of reference triangles found among the prediction's well-formed triangles. */
  readonly coverage: number;
}

/**
 * Scores one predicted triangulation against the reference. Triangle order and vertex order
 * inside each triangle do not matter.
 *
 * @param reference - the true triangulation; default {@link delaunayTriangles}`(points)`.
 * @throws RangeError if the reference has no triangle (all points collinear).
 */
export function scoreDelaunay(
  points: readonly Point[],
  predicted: DelaunayPrediction,
  reference: readonly Triangle[] = delaunayTriangles(points),
): DelaunayScore {
  assertPoints(points, 'scoreDelaunay');
  if (reference.length === 0) {
    throw new DatasetError('scoreDelaunay: expected a reference with at least one triangle, got none (collinear points)');
  }
  const n = points.length;
  const groups: readonly (readonly number[])[] = isFlat(predicted) ? decodeTriangles(predicted) : predicted;
  let valid = true;
  const predictedKeys = new Set<string>();
  for (const group of groups) {
    const key = triangleKey(group, n);
    if (key === undefined || predictedKeys.has(key)) {
      valid = false;
      continue;
    }
    predictedKeys.add(key);
  }
  const referenceKeys = new Set(reference.map((t) => triangleKey(t, n)));
  let found = 0;
  for (const key of referenceKeys) if (key !== undefined && predictedKeys.has(key)) found++;
  const exact = valid && found === referenceKeys.size && predictedKeys.size === referenceKeys.size;
  return { valid, exact, coverage: found / referenceKeys.size };
}

function isFlat(predicted: DelaunayPrediction): predicted is readonly number[] {
  return predicted.length > 0 && typeof predicted[0] === 'number';
}

/** `"i,j,k"` with i < j < k for a well-formed triangle, `undefined` otherwise. */
function triangleKey(group: readonly number[], n: number): string | undefined {
  if (!Array.isArray(group) || group.length !== 3) return undefined;
  const sorted = [...group].sort((a, b) => a - b);
  for (const v of sorted) if (!Number.isInteger(v) || v < 0 || v >= n) return undefined;
  if (sorted[0] === sorted[1] || sorted[1] === sorted[2]) return undefined;
  return sorted.join(',');
}
