/**
 * Float32Array views of point sets, for feeding a pointer network: one set as `[n, 2]`, a batch of
 * sets padded to a common length as `[batch, maxLength, 2]` with a length per set.
 */
import { DatasetError } from '../errors';
import type { Point } from './point';
import { assertPoints } from './validate';

/**
 * Packs points row-major into a Float32Array of shape `[n, 2]`: `x0, y0, x1, y1, ...`.
 */
export function pointsToFloat32(points: readonly Point[]): Float32Array {
  assertPoints(points, 'pointsToFloat32', 0);
  const data = new Float32Array(points.length * 2);
  points.forEach(([x, y], i) => {
    data[2 * i] = x;
    data[2 * i + 1] = y;
  });
  return data;
}

/**
 * Unpacks a Float32Array of shape `[n, 2]` (interleaved `x, y`) into points.
 *
 * @param length - number of points to read; defaults to `data.length / 2`.
 */
export function float32ToPoints(data: Float32Array, length = data.length >> 1): Point[] {
  if (!Number.isInteger(length) || length < 0 || 2 * length > data.length) {
    throw new DatasetError(
      `float32ToPoints: expected 'length' to be an integer in [0, ${data.length >> 1}], got ${length}`,
    );
  }
  const points: Point[] = [];
  for (let i = 0; i < length; i++) points.push([data[2 * i] as number, data[2 * i + 1] as number]);
  return points;
}

/** A batch of point sets padded to a common length. */
export interface PointBatch {
  /** Coordinates, shape `[batch, maxLength, 2]` row-major; padding rows are `(0, 0)`. */
  readonly data: Float32Array;
  /** Number of real points per set, shape `[batch]`. */
  readonly lengths: Int32Array;
  /** `1` for a real point, `0` for padding, shape `[batch, maxLength]`. */
  readonly mask: Float32Array;
  /** Number of sets. */
  readonly batch: number;
  /** Padded length: the option given, else the longest set. */
  readonly maxLength: number;
}

/**
 * Packs point sets of possibly different sizes into one zero-padded batch.
 *
 * @param sets - the point sets (at least one).
 * @param maxLength - pad to this length instead of the longest set; must be >= every set's size.
 */
export function batchPointSets(sets: readonly (readonly Point[])[], maxLength?: number): PointBatch {
  const op = 'batchPointSets';
  if (!Array.isArray(sets as unknown) || sets.length === 0) {
    throw new DatasetError(`${op}: expected 'sets' to be a non-empty array of point sets`);
  }
  sets.forEach((set, b) => assertPoints(set, op, 0, `sets[${b}]`));
  const longest = Math.max(...sets.map((set) => set.length));
  const width = maxLength ?? longest;
  if (!Number.isInteger(width) || width < longest) {
    throw new DatasetError(`${op}: expected 'maxLength' to be an integer >= ${longest} (the longest set), got ${width}`);
  }
  const batch = sets.length;
  const data = new Float32Array(batch * width * 2);
  const mask = new Float32Array(batch * width);
  const lengths = new Int32Array(batch);
  sets.forEach((set, b) => {
    lengths[b] = set.length;
    set.forEach(([x, y], i) => {
      const row = b * width + i; // [batch, maxLength] -> flat row
      data[2 * row] = x;
      data[2 * row + 1] = y;
      mask[row] = 1;
    });
  });
  return { data, lengths, mask, batch, maxLength: width };
}
