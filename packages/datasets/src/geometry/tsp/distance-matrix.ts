/**
 * Dense distance matrices for the TSP solvers.
 *
 * @internal
 */
import type { Point } from '../point';

/**
 * Row-major `[n, n]` Euclidean distances, each entry computed exactly as {@link distance} does, so
 * lengths summed from the matrix equal those of `tourLength` for the same edge order.
 */
export function distanceMatrix(points: readonly Point[]): Float64Array {
  const n = points.length;
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const [xi, yi] = points[i] as Point;
    for (let j = i + 1; j < n; j++) {
      const [xj, yj] = points[j] as Point;
      const dx = xi - xj;
      const dy = yi - yj;
      d[i * n + j] = d[j * n + i] = Math.sqrt(dx * dx + dy * dy);
    }
  }
  return d;
}

/** Closed length of `tour` from a distance matrix, summed in tour order. */
export function matrixTourLength(d: Float64Array, n: number, tour: ArrayLike<number>): number {
  let length = 0;
  for (let k = 0; k < n; k++) length += d[(tour[k] as number) * n + (tour[(k + 1) % n] as number)] as number;
  return length;
}
