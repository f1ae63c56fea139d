/**
 * Seeded point sets uniform in the unit square, as in Vinyals, Fortunato & Jaitly (2015),
 * "Pointer Networks", section 4: "points ... sampled uniformly at random in [0, 1] x [0, 1]".
 */
import { DatasetError } from '../errors';
import type { Point } from './point';
import { type RandomSource, toRandomSource } from './random';
import { assertInteger } from './validate';

/** How many points each set holds: a fixed `n`, or a size drawn uniformly from `[nMin, nMax]`. */
export type PointSetSize = { readonly n: number } | { readonly nMin: number; readonly nMax: number };

/** Options shared by the point samplers. */
export interface SamplePointsOptions {
  /**
   * Round every coordinate to the nearest float32 (`Math.fround`). Default `true`: a network reads
   * its inputs as float32, so labels computed on rounded points are exact for what it sees.
   */
  readonly roundToFloat32?: boolean;
}

/**
 * Samples `n` points uniformly in the unit square `[0, 1) x [0, 1)`.
 *
 * Draw order (part of the contract, so that seeds reproduce): `x0, y0, x1, y1, ...`.
 *
 * @param n - number of points, an integer >= 1.
 * @param random - a numeric seed (drives a mulberry32 generator) or a {@link RandomSource}.
 */
export function samplePoints(n: number, random: RandomSource | number, options: SamplePointsOptions = {}): Point[] {
  assertInteger(n, 'samplePoints', 'n', 1);
  return drawPoints(n, toRandomSource(random, 'samplePoints'), options.roundToFloat32 ?? true);
}

/**
 * Samples `count` independent point sets from one random stream.
 *
 * With a size range, each set first draws its size `n = nMin + floor(u * (nMax - nMin + 1))`,
 * then its coordinates as in {@link samplePoints}; with a fixed `n` no size is drawn.
 *
 * @param count - number of point sets, an integer >= 0.
 * @param size - `{ n }` or `{ nMin, nMax }` with `1 <= nMin <= nMax`.
 * @param random - a numeric seed or a {@link RandomSource}; a seed makes the result reproducible.
 */
export function samplePointSets(
  count: number,
  size: PointSetSize,
  random: RandomSource | number,
  options: SamplePointsOptions = {},
): Point[][] {
  const op = 'samplePointSets';
  assertInteger(count, op, 'count', 0);
  const [nMin, nMax] = sizeRange(size, op);
  const source = toRandomSource(random, op);
  const round = options.roundToFloat32 ?? true;
  const sets: Point[][] = [];
  for (let s = 0; s < count; s++) {
    const n = nMin === nMax ? nMin : nMin + Math.floor(source.next() * (nMax - nMin + 1));
    sets.push(drawPoints(n, source, round));
  }
  return sets;
}

/**
 * Validates a {@link PointSetSize} and returns it as `[nMin, nMax]`.
 *
 * @internal
 */
export function sizeRange(size: PointSetSize, op: string): [number, number] {
  if (typeof size !== 'object' || size === null) {
    throw new DatasetError(`${op}: expected 'size' to be { n } or { nMin, nMax }, got ${String(size)}`);
  }
  if ('n' in size) {
    assertInteger(size.n, op, 'size.n', 1);
    return [size.n, size.n];
  }
  assertInteger(size.nMin, op, 'size.nMin', 1);
  assertInteger(size.nMax, op, 'size.nMax', size.nMin);
  return [size.nMin, size.nMax];
}

function drawPoints(n: number, source: RandomSource, round: boolean): Point[] {
  const points: Point[] = [];
  for (let i = 0; i < n; i++) {
    const x = source.next();
    const y = source.next();
    // fround of a value in [0, 1) can round up to exactly 1; keep the half-open square.
    points.push(round ? [roundBelowOne(x), roundBelowOne(y)] : [x, y]);
  }
  return points;
}

function roundBelowOne(u: number): number {
  const r = Math.fround(u);
  return r < 1 ? r : 0.99999994039535522; // largest float32 below 1
}
