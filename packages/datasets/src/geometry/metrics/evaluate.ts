/**
 * Aggregate metrics over a test set, one table row per task, in the shape of the tables of
 * Vinyals et al. (2015), "Pointer Networks": Table 1 (convex hull: accuracy, area coverage),
 * section 4.3 (Delaunay: accuracy, triangle coverage) and Table 2 (TSP: mean tour length).
 */
import { DatasetError } from '../../errors';
import type { Triangle } from '../delaunay/delaunay';
import type { Point } from '../point';
import { type DelaunayPrediction, scoreDelaunay } from './delaunay-score';
import { scoreConvexHull } from './hull-score';
import { scoreTour } from './tsp-score';

/** Fields every metrics row carries. */
export interface MetricsRowBase {
  /** Number of instances. */
  readonly count: number;
  /** Smallest and largest point-set size among the instances. */
  readonly nMin: number;
  readonly nMax: number;
  /** Number of invalid predictions. */
  readonly invalid: number;
  /** `invalid / count`. */
  readonly invalidShare: number;
  /** Share of predictions that match the reference exactly (after canonicalisation). */
  readonly accuracy: number;
}

/** Convex-hull metrics (paper Table 1). */
export interface ConvexHullMetricsRow extends MetricsRowBase {
  readonly task: 'convex-hull';
  /** Mean area coverage over all instances, an invalid polygon counting 0. */
  readonly areaCoverage: number;
}

/** Delaunay-triangulation metrics (paper section 4.3). */
export interface DelaunayMetricsRow extends MetricsRowBase {
  readonly task: 'delaunay';
  /** Mean share of reference triangles predicted, over all instances. */
  readonly triangleCoverage: number;
}

/** TSP metrics (paper Table 2). */
export interface TspMetricsRow extends MetricsRowBase {
  readonly task: 'tsp';
  /** Mean length of the valid predicted tours; `NaN` if none is valid. */
  readonly meanTourLength: number;
  /** Mean length of the reference tours over all instances. */
  readonly meanReferenceLength: number;
  /** Mean of `length / referenceLength - 1` over valid predictions; `NaN` if none is valid. */
  readonly optimalityGap: number;
}

/** A metrics row of any task. */
export type GeometryMetricsRow = ConvexHullMetricsRow | DelaunayMetricsRow | TspMetricsRow;

/**
 * Test-set inputs: aligned lists of point sets, predictions and (optionally) references.
 * A missing reference is computed exactly from the points.
 */
export interface EvaluationInput<Prediction, Reference> {
  readonly points: readonly (readonly Point[])[];
  readonly predictions: readonly Prediction[];
  readonly references?: readonly Reference[];
}

/** Inputs of {@link evaluateGeometry}, tagged by task. */
export type GeometryEvaluationInput =
  | ({ readonly task: 'convex-hull' } & EvaluationInput<readonly number[], readonly number[]>)
  | ({ readonly task: 'delaunay' } & EvaluationInput<DelaunayPrediction, readonly Triangle[]>)
  | ({ readonly task: 'tsp' } & EvaluationInput<readonly number[], readonly number[]>);

/** Convex-hull metrics over a test set; see {@link scoreConvexHull}. */
export function evaluateConvexHull(input: EvaluationInput<readonly number[], readonly number[]>): ConvexHullMetricsRow {
  const scores = alignedScores(input, 'evaluateConvexHull', scoreConvexHull);
  return {
    task: 'convex-hull',
    ...base(input.points, scores),
    areaCoverage: mean(scores.map((s) => s.coverage)),
  };
}

/** Delaunay metrics over a test set; see {@link scoreDelaunay}. */
export function evaluateDelaunay(input: EvaluationInput<DelaunayPrediction, readonly Triangle[]>): DelaunayMetricsRow {
  const scores = alignedScores(input, 'evaluateDelaunay', scoreDelaunay);
  return {
    task: 'delaunay',
    ...base(input.points, scores),
    triangleCoverage: mean(scores.map((s) => s.coverage)),
  };
}

/**
 * TSP metrics over a test set; see {@link scoreTour}. Without references every instance is
 * solved exactly, which is slow beyond ~20 points: pass references for larger sets.
 */
export function evaluateTsp(input: EvaluationInput<readonly number[], readonly number[]>): TspMetricsRow {
  const scores = alignedScores(input, 'evaluateTsp', scoreTour);
  const valid = scores.filter((s) => s.valid);
  return {
    task: 'tsp',
    ...base(input.points, scores),
    meanTourLength: mean(valid.map((s) => s.length)),
    meanReferenceLength: mean(scores.map((s) => s.referenceLength)),
    optimalityGap: mean(valid.map((s) => s.gap)),
  };
}

/**
 * Metrics row for any task: dispatches on `input.task` to {@link evaluateConvexHull},
 * {@link evaluateDelaunay} or {@link evaluateTsp}.
 */
export function evaluateGeometry(input: GeometryEvaluationInput): GeometryMetricsRow {
  switch (input.task) {
    case 'convex-hull':
      return evaluateConvexHull(input);
    case 'delaunay':
      return evaluateDelaunay(input);
    case 'tsp':
      return evaluateTsp(input);
    default:
      throw new DatasetError(
        `evaluateGeometry: expected 'task' to be 'convex-hull', 'delaunay' or 'tsp', got ${String((input as { task: unknown }).task)}`,
      );
  }
}

function alignedScores<Prediction, Reference, Score>(
  input: EvaluationInput<Prediction, Reference>,
  op: string,
  score: (points: readonly Point[], predicted: Prediction, reference?: Reference) => Score,
): Score[] {
  const { points, predictions, references } = input;
  if (!Array.isArray(points) || !Array.isArray(predictions) || points.length !== predictions.length) {
    throw new DatasetError(
      `${op}: expected 'points' and 'predictions' to be arrays of equal length, got ${lengthOf(points)} and ${lengthOf(predictions)}`,
    );
  }
  if (points.length === 0) throw new DatasetError(`${op}: expected at least one instance, got none`);
  if (references !== undefined && (!Array.isArray(references) || references.length !== points.length)) {
    throw new DatasetError(`${op}: expected 'references' to have ${points.length} entries, got ${lengthOf(references)}`);
  }
  return points.map((p, i) => score(p, predictions[i] as Prediction, references?.[i]));
}

function base(points: readonly (readonly Point[])[], scores: readonly { valid: boolean; exact: boolean }[]) {
  const invalid = scores.filter((s) => !s.valid).length;
  let nMin = Infinity;
  let nMax = -Infinity;
  for (const p of points) {
    nMin = Math.min(nMin, p.length);
    nMax = Math.max(nMax, p.length);
  }
  return {
    count: scores.length,
    nMin,
    nMax,
    invalid,
    invalidShare: invalid / scores.length,
    accuracy: scores.filter((s) => s.exact).length / scores.length,
  };
}

function mean(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

function lengthOf(value: unknown): string {
  return Array.isArray(value) ? String(value.length) : typeof value;
}
