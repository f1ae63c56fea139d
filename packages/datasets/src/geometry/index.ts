/**
 * Geometry for pointer networks (Vinyals, Fortunato & Jaitly, 2015, "Pointer Networks"): seeded
 * point sets in the unit square, exact targets for convex hull, Delaunay triangulation and TSP in
 * the paper's conventions, TSP heuristics, and the paper's metrics.
 */
export type { Point } from './point';
export { distance } from './point';
export { samplePoints, samplePointSets } from './sample';
export type { PointSetSize, SamplePointsOptions } from './sample';
export { batchPointSets, float32ToPoints, pointsToFloat32 } from './float32';
export type { PointBatch } from './float32';

export { canonicalHullSequence, convexHull } from './hull/convex-hull';
export { isSimplePolygon, polygonArea } from './hull/polygon';

export { compareTriangles, delaunayTriangles, incenter } from './delaunay/delaunay';
export type { DelaunayOptions, Triangle } from './delaunay/delaunay';
export { decodeTriangles, encodeTriangles } from './delaunay/triangle-sequence';

export { canonicalTour, isValidTour, tourLength } from './tsp/tour';
export type { TspSolution } from './tsp/tour';
export { HELD_KARP_DEFAULT_MAX_TABLE_BYTES, heldKarp, heldKarpTableBytes } from './tsp/held-karp';
export type { HeldKarpOptions } from './tsp/held-karp';
export { branchAndBoundTsp } from './tsp/branch-and-bound';
export type { BranchAndBoundOptions, BranchAndBoundSolution } from './tsp/branch-and-bound';
export { HELD_KARP_AUTO_MAX_N, optimalTour } from './tsp/optimal-tour';
export type { ExactTspMethod } from './tsp/optimal-tour';
export { nearestNeighbourTour } from './tsp/nearest-neighbour';
export { farthestInsertionTour } from './tsp/farthest-insertion';
export { twoOptPolish, twoOptTour } from './tsp/two-opt';
export type { TwoOptTourOptions } from './tsp/two-opt';

export { scoreConvexHull } from './metrics/hull-score';
export type { HullScore } from './metrics/hull-score';
export { scoreDelaunay } from './metrics/delaunay-score';
export type { DelaunayPrediction, DelaunayScore } from './metrics/delaunay-score';
export { scoreTour } from './metrics/tsp-score';
export type { TspScore } from './metrics/tsp-score';
export { evaluateConvexHull, evaluateDelaunay, evaluateGeometry, evaluateTsp } from './metrics/evaluate';
export type {
  ConvexHullMetricsRow,
  DelaunayMetricsRow,
  EvaluationInput,
  GeometryEvaluationInput,
  GeometryMetricsRow,
  MetricsRowBase,
  TspMetricsRow,
} from './metrics/evaluate';

export { generateGeometryExamples, geometryTarget } from './dataset';
export type { GeometryDatasetOptions, GeometryExample, GeometryTargetOptions, GeometryTask, TspLabeller } from './dataset';
