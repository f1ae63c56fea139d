/**
 * fast-check arbitraries and brute-force oracles shared by the geometry tests.
 * Not exported from the package.
 *
 * @internal
 */
import fc from 'fast-check';
import type { Point } from './point';

/**
 * Points on a coarse 1/16 grid of the unit square: duplicates, collinear and cocircular points are
 * common, and every coordinate and product is exact in floating point.
 */
export function gridPoints(minLength: number, maxLength: number): fc.Arbitrary<Point[]> {
  const coordinate = fc.integer({ min: 0, max: 16 }).map((k) => k / 16);
  return fc.array(fc.tuple(coordinate, coordinate), { minLength, maxLength });
}

/**
 * Points uniform in the unit square on the 2^-32 lattice that `samplePoints` draws from, so
 * distinct points are never closer than delaunator's duplicate threshold (2^-52).
 */
export function uniformPoints(minLength: number, maxLength: number): fc.Arbitrary<Point[]> {
  const coordinate = fc.integer({ min: 0, max: 2 ** 32 - 1 }).map((k) => k / 2 ** 32);
  return fc.array(fc.tuple(coordinate, coordinate), { minLength, maxLength });
}

/** Points with any finite double coordinates, tiny and huge included: for the exact hull. */
export function doublePoints(minLength: number, maxLength: number): fc.Arbitrary<Point[]> {
  const coordinate = fc.double({ min: -1e300, max: 1e300, noNaN: true });
  return fc.array(fc.tuple(coordinate, coordinate), { minLength, maxLength });
}

/**
 * Points 2^-32 apart in clusters beside uniform points: nearly collinear and nearly cocircular
 * configurations that floating-point predicates (delaunator's included) get wrong.
 */
export function clusteredPoints(minLength: number, maxLength: number): fc.Arbitrary<Point[]> {
  const coordinate = fc
    .tuple(fc.constantFrom(0, 0.25, 0.5), fc.integer({ min: 0, max: 4 }), fc.boolean(), fc.integer({ min: 0, max: 2 ** 32 - 1 }))
    .map(([base, k, uniform, r]) => (uniform ? r / 2 ** 32 : base + k * 2 ** -32));
  return fc.array(fc.tuple(coordinate, coordinate), { minLength, maxLength });
}

/** Grid, uniform or clustered points. */
export function anyPoints(minLength: number, maxLength: number): fc.Arbitrary<Point[]> {
  return fc.oneof(gridPoints(minLength, maxLength), uniformPoints(minLength, maxLength), clusteredPoints(minLength, maxLength));
}

/** Points together with a random permutation of their indices. */
export function pointsWithTour(minLength: number, maxLength: number): fc.Arbitrary<[Point[], number[]]> {
  return uniformPoints(minLength, maxLength).chain((points) => {
    const indices = points.map((_, i) => i);
    return fc.tuple(fc.constant(points), fc.shuffledSubarray(indices, { minLength: indices.length, maxLength: indices.length }));
  });
}

/** Whether all points are collinear (or coincide). */
export function allCollinear(points: readonly Point[]): boolean {
  const [a] = points;
  if (a === undefined) return true;
  const b = points.find((p) => p[0] !== a[0] || p[1] !== a[1]);
  if (b === undefined) return true;
  return points.every((c) => (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]) === 0);
}

/**
 * Optimal closed tour length by enumerating every tour that starts at 0: (n-1)! orders.
 * Only for n <= 9.
 */
export function bruteForceTourLength(points: readonly Point[]): number {
  const n = points.length;
  const dist = (i: number, j: number): number => {
    const p = points[i] as Point;
    const q = points[j] as Point;
    return Math.sqrt((p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2);
  };
  const used = new Uint8Array(n);
  used[0] = 1;
  let best = Infinity;
  const extend = (last: number, depth: number, cost: number): void => {
    if (depth === n) {
      best = Math.min(best, cost + dist(last, 0));
      return;
    }
    for (let j = 1; j < n; j++) {
      if (used[j] === 1) continue;
      used[j] = 1;
      extend(j, depth + 1, cost + dist(last, j));
      used[j] = 0;
    }
  };
  extend(0, 1, 0);
  return best;
}

/** Points on a circle, listed in a scrambled order: the optimal tour follows the circle. */
export function scrambledCircle(n: number): { points: Point[]; circleOrder: number[] } {
  const slots = Array.from({ length: n }, (_, k) => (k * 7) % n); // 7 is coprime with the sizes used
  const points = slots.map((k) => [0.5 + 0.4 * Math.cos((2 * Math.PI * k) / n), 0.5 + 0.4 * Math.sin((2 * Math.PI * k) / n)] as Point);
  const circleOrder = Array.from({ length: n }, (_, k) => slots.indexOf(k));
  return { points, circleOrder };
}
