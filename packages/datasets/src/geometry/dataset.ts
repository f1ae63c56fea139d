/**
 * Labelled examples for the three tasks of Vinyals et al. (2015), "Pointer Networks": a point set
 * and its target index sequence (convex hull, flattened Delaunay triangles, or TSP tour).
 */
import { DatasetError } from '../errors';
import { delaunayTriangles } from './delaunay/delaunay';
import { encodeTriangles } from './delaunay/triangle-sequence';
import { convexHull } from './hull/convex-hull';
import type { Point } from './point';
import type { RandomSource } from './random';
import { type PointSetSize, type SamplePointsOptions, samplePointSets } from './sample';
import { farthestInsertionTour } from './tsp/farthest-insertion';
import { nearestNeighbourTour } from './tsp/nearest-neighbour';
import { optimalTour } from './tsp/optimal-tour';
import { twoOptTour } from './tsp/two-opt';

/** The geometry tasks of the paper. */
export type GeometryTask = 'convex-hull' | 'delaunay' | 'tsp';

/** How TSP targets are labelled. */
export type TspLabeller = 'exact' | 'two-opt' | 'farthest-insertion' | 'nearest-neighbour';

/** Options of {@link geometryTarget}. */
export interface GeometryTargetOptions {
  /**
   * TSP labeller. Default `'exact'` ({@link optimalTour}: fine up to ~20-25 points). The paper
   * labels n <= 20 exactly and larger n with heuristics.
   */
  readonly tspLabeller?: TspLabeller;
}

/** One labelled example: input points and the target index sequence. */
export interface GeometryExample {
  readonly points: Point[];
  /**
   * Target pointers into `points`, without begin/end tokens:
   * convex hull: {@link convexHull}; Delaunay: {@link encodeTriangles} of {@link delaunayTriangles};
   * TSP: the canonical tour (not closed: it does not repeat 0 at the end).
   */
  readonly target: number[];
}

/** Options of {@link generateGeometryExamples}. */
export interface GeometryDatasetOptions extends GeometryTargetOptions, SamplePointsOptions {
  readonly task: GeometryTask;
  /** Number of examples. */
  readonly count: number;
  /** Points per example: `{ n }` or `{ nMin, nMax }`. */
  readonly size: PointSetSize;
  /** A numeric seed or a {@link RandomSource}; only the points are random, labels are exact. */
  readonly random: RandomSource | number;
}

/**
 * The target sequence of `task` for one point set.
 *
 * @throws RangeError for fewer than 3 points or an unknown task/labeller.
 */
export function geometryTarget(task: GeometryTask, points: readonly Point[], options: GeometryTargetOptions = {}): number[] {
  switch (task) {
    case 'convex-hull':
      return convexHull(points);
    case 'delaunay':
      return encodeTriangles(delaunayTriangles(points));
    case 'tsp':
      return tspTarget(points, options.tspLabeller ?? 'exact');
    default:
      throw new DatasetError(`geometryTarget: expected 'task' to be 'convex-hull', 'delaunay' or 'tsp', got ${String(task)}`);
  }
}

/**
 * Samples point sets (see {@link samplePointSets}) and labels each with {@link geometryTarget}.
 */
export function generateGeometryExamples(options: GeometryDatasetOptions): GeometryExample[] {
  const { task, count, size, random, ...rest } = options;
  return samplePointSets(count, size, random, rest).map((points) => ({
    points,
    target: geometryTarget(task, points, rest),
  }));
}

function tspTarget(points: readonly Point[], labeller: TspLabeller): number[] {
  switch (labeller) {
    case 'exact':
      return optimalTour(points).tour;
    case 'two-opt':
      return twoOptTour(points).tour;
    case 'farthest-insertion':
      return farthestInsertionTour(points).tour;
    case 'nearest-neighbour':
      return nearestNeighbourTour(points).tour;
    default:
      throw new DatasetError(
        `geometryTarget: expected 'tspLabeller' to be 'exact', 'two-opt', 'farthest-insertion' or 'nearest-neighbour', got ${String(labeller)}`,
      );
  }
}
