/**
 * Input checks shared by every geometry function; errors name the function, the argument and
 * what was expected, e.g. `convexHull: expected points[3] to be [x, y] with finite numbers`.
 *
 * @internal
 */
import { DatasetError } from '../errors';
import type { Point } from './point';

/**
 * Checks that `points` is an array of at least `minCount` pairs of finite numbers.
 *
 * @param op - name of the calling function, used as the message prefix.
 * @param minCount - the fewest points the caller can work with (3 for every task here).
 */
export function assertPoints(points: readonly Point[], op: string, minCount = 3, name = 'points'): void {
  if (!Array.isArray(points)) {
    throw new DatasetError(`${op}: expected '${name}' to be an array of [x, y] pairs, got ${describe(points)}`);
  }
  if (points.length < minCount) {
    throw new DatasetError(
      `${op}: expected '${name}' to hold at least ${minCount} points, got ${points.length}`,
    );
  }
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    if (!Array.isArray(p) || p.length !== 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
      throw new DatasetError(
        `${op}: expected ${name}[${i}] to be [x, y] with finite numbers, got ${describe(p)}`,
      );
    }
  }
}

/**
 * Checks that `value` is an integer in `[min, max]`.
 */
export function assertInteger(value: number, op: string, name: string, min: number, max = Infinity): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Infinity ? `>= ${min}` : `in [${min}, ${max}]`;
    throw new DatasetError(`${op}: expected '${name}' to be an integer ${range}, got ${describe(value)}`);
  }
}

/**
 * Checks that `tour` is a permutation of `0..n-1` (see {@link isValidTour}).
 */
export function assertTour(tour: readonly number[], n: number, op: string, name = 'tour'): void {
  if (!Array.isArray(tour) || tour.length !== n) {
    throw new DatasetError(
      `${op}: expected '${name}' to be a permutation of 0..${n - 1} (length ${n}), got ${describe(tour)}`,
    );
  }
  const seen = new Uint8Array(n);
  for (const v of tour) {
    if (!Number.isInteger(v) || v < 0 || v >= n || seen[v] === 1) {
      throw new DatasetError(`${op}: expected '${name}' to be a permutation of 0..${n - 1}, got ${describe(tour)}`);
    }
    seen[v] = 1;
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) {
    const shown = value.slice(0, 8).map((v) => (Array.isArray(v) ? `[${v.join(', ')}]` : String(v)));
    return `[${shown.join(', ')}${value.length > 8 ? ', ...' : ''}]`;
  }
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
