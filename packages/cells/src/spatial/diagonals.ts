/**
 * The anti-diagonal schedule of a two-dimensional recurrence. Position (i, j) reads the states of
 * (i-1, j) and (i, j-1), both on anti-diagonal d - 1 where d = i + j, so every position of one
 * anti-diagonal can be computed at once: a `height x width` grid takes `height + width - 1`
 * batched steps instead of `height * width` single ones.
 *
 * "Diagonal-major" order lists positions diagonal by diagonal, each diagonal by increasing row i,
 * and within a position the batch: row `(offset(d) + (i - first(d))) * batch + b` holds position
 * (i, d - i) of image b. Since every position contributes `batch` consecutive rows, a tensor
 * `[height * width * batch, f]` in this order reshapes to `[height * width, batch, f]`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { takeCols, takeRows } from '../ops';

/** The positions of anti-diagonal `d`: rows `first..last`, column `d - i`, `count` of them. */
export interface Diagonal {
  d: number;
  /** First (smallest) row on the diagonal. */
  first: number;
  /** Last row on the diagonal. */
  last: number;
  /** Number of positions, `last - first + 1`. */
  count: number;
  /** Positions on earlier diagonals (where this diagonal starts in diagonal-major order). */
  offset: number;
}

/** The `height + width - 1` anti-diagonals of a `height x width` grid, in order. */
export function diagonals(height: number, width: number): Diagonal[] {
  const out: Diagonal[] = [];
  let offset = 0;
  for (let d = 0; d < height + width - 1; d++) {
    const first = Math.max(0, d - width + 1);
    const last = Math.min(d, height - 1);
    const count = last - first + 1;
    out.push({ d, first, last, count, offset });
    offset += count;
  }
  return out;
}

/**
 * The grid positions in diagonal-major order: `positions[k] = [i, j]` is the k-th position
 * (see the module comment), so a host array can be permuted into and out of that order.
 */
export function diagonalPositions(height: number, width: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const { d, first, last } of diagonals(height, width)) for (let i = first; i <= last; i++) out.push([i, d - i]);
  return out;
}

/**
 * `tf.concat(parts, 0)` whose gradient takes each part's rows with {@link takeRows} (one block
 * copy) rather than `tf.split`, which on WASM copies the whole gradient out of the heap once per
 * part: O(parts x total) for the `height + width - 1` diagonals of an image.
 */
export function concatRows(parts: tf.Tensor2D[]): tf.Tensor2D {
  if (parts.length === 1) return parts[0]!.clone();
  const sizes = parts.map((p) => p.shape[0]);
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const inputs = args.slice(0, parts.length) as tf.Tensor2D[];
    return {
      value: tf.concat(inputs, 0), // [sum rows, f]
      gradFunc: (dy: tf.Tensor) => {
        let start = 0;
        return sizes.map((n) => {
          const g = takeRows(dy as tf.Tensor2D, start, n); // [n, f]
          start += n;
          return g;
        });
      },
    };
  });
  return op(...parts) as tf.Tensor2D;
}

/**
 * `tf.concat(parts, 1)` of 2-D tensors whose gradient takes each part's columns with
 * {@link takeCols} (one block copy per row) rather than `tf.split`, which the CPU backend copies
 * element by element (half the time of a 14x14 training step there).
 */
export function concatCols(parts: tf.Tensor2D[]): tf.Tensor2D {
  if (parts.length === 1) return parts[0]!.clone();
  const sizes = parts.map((p) => p.shape[1]);
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const inputs = args.slice(0, parts.length) as tf.Tensor2D[];
    return {
      value: tf.concat(inputs, 1), // [n, sum cols]
      gradFunc: (dy: tf.Tensor) => {
        let start = 0;
        return sizes.map((m) => {
          const g = takeCols(dy as tf.Tensor2D, start, m); // [n, m]
          start += m;
          return g;
        });
      },
    };
  });
  return op(...parts) as tf.Tensor2D;
}
