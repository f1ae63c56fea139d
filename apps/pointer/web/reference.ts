/**
 * The reference answer of an instance, computed on the page by `@seq2seq/datasets`: the exact
 * hull (monotone chain), the exact Delaunay triangulation, and for tours the optimum by Held-Karp
 * up to {@link EXACT_TOUR_MAX_N} points, else a 2-opt tour (a heuristic, and labelled so).
 */
import { convexHull, delaunayTriangles, optimalTour, twoOptTour, type Point } from '@seq2seq/datasets';
import type { PageTask } from './tasks';

/** Largest instance whose reference tour is solved exactly (Held-Karp: ~1 ms at 12 points, 2^n growth). */
export const EXACT_TOUR_MAX_N = 12;

/** A reference answer in the model's output form, and how much to trust it. */
export interface Reference {
  /** Hull vertices (counter-clockwise), flattened triangles, or a tour from 0. */
  output: number[];
  /** True when the reference is the exact answer; false for the 2-opt tour. */
  exact: boolean;
  /** How it was found, e.g. `exact (Held-Karp)`. */
  label: string;
}

/** The reference of `points` (at least 3, not all on one line) for `task`. */
export function referenceFor(task: PageTask, points: readonly Point[]): Reference {
  if (task === 'hull') return { output: convexHull(points), exact: true, label: 'exact hull (monotone chain)' };
  if (task === 'delaunay') return { output: delaunayTriangles(points).flat(), exact: true, label: 'exact Delaunay triangulation' };
  if (points.length <= EXACT_TOUR_MAX_N) return { output: optimalTour(points, 'held-karp').tour, exact: true, label: 'optimal tour (Held-Karp)' };
  return { output: twoOptTour(points).tour, exact: false, label: `2-opt tour (heuristic: not proven optimal above ${EXACT_TOUR_MAX_N} points)` };
}
