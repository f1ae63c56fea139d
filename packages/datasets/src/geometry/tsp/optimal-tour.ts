/**
 * One entry point for exact TSP labels, picking the faster exact solver for the instance size.
 */
import { DatasetError } from '../../errors';
import type { Point } from '../point';
import { assertPoints } from '../validate';
import { branchAndBoundTsp } from './branch-and-bound';
import { heldKarp } from './held-karp';
import type { TspSolution } from './tour';

/** Exact solver choice for {@link optimalTour}. */
export type ExactTspMethod = 'auto' | 'held-karp' | 'branch-and-bound';

/**
 * Largest n for which `'auto'` uses Held-Karp. Measured on uniform random points (Node 20, one
 * core, per instance): n = 10: Held-Karp 0.15 ms, branch and bound 0.3 ms; n = 12: 0.6 ms
 * and 0.4 ms; n = 16: 18 ms and 0.9 ms; n = 20: ~500 ms (76 MiB) and ~6 ms.
 */
export const HELD_KARP_AUTO_MAX_N = 11;

/**
 * An optimal tour in canonical form.
 *
 * @param method - `'auto'` (default): Held-Karp up to {@link HELD_KARP_AUTO_MAX_N} points, branch
 *   and bound above; or force one solver.
 * @throws RangeError for fewer than 3 points, or sizes the chosen solver rejects.
 */
export function optimalTour(points: readonly Point[], method: ExactTspMethod = 'auto'): TspSolution {
  assertPoints(points, 'optimalTour');
  if (method !== 'auto' && method !== 'held-karp' && method !== 'branch-and-bound') {
    throw new DatasetError(`optimalTour: expected 'method' to be 'auto', 'held-karp' or 'branch-and-bound', got ${String(method)}`);
  }
  if (method === 'held-karp' || (method === 'auto' && points.length <= HELD_KARP_AUTO_MAX_N)) return heldKarp(points);
  const { tour, length } = branchAndBoundTsp(points);
  return { tour, length };
}
