/**
 * A padded batch of id sequences as flat typed arrays: no tensors, so it is usable without a
 * backend (see {@link batchToTensors} for the tf.Tensor form).
 */
import { DatasetError, checkInteger, describeValue } from '../errors';
import { PAD_ID } from '../vocab/specials';

/** One example as ids: source and target sequences (any array-like: `number[]`, `Int32Array`). */
export interface EncodedPair {
  source: ArrayLike<number>;
  target: ArrayLike<number>;
}

/** Sizes of a {@link Batch}. */
export interface BatchShape {
  /** Number of examples. */
  batch: number;
  /** Longest source in the batch. */
  sourceTime: number;
  /** Longest target in the batch. */
  targetTime: number;
}

/** Sequences padded to the batch's longest, row-major. */
export interface Batch {
  /** [batch, sourceTime] source ids, row `b` at `b * sourceTime`, padded with the pad id. */
  source: Int32Array;
  /** [batch] true length of each source. */
  sourceLengths: Int32Array;
  /** [batch, targetTime] target ids, padded with the pad id. */
  target: Int32Array;
  /** [batch] true length of each target. */
  targetLengths: Int32Array;
  /** [batch] index of each row's example in the list the batch was made from. */
  indices: Int32Array;
  /** Sizes. */
  shape: BatchShape;
}

/**
 * Pads the examples `pairs[indices[b]]` into one {@link Batch} (all of `pairs`, in order, when
 * `indices` is omitted).
 *
 * @param padId - id written after the end of each sequence; {@link PAD_ID} by default.
 */
export function collate(pairs: readonly EncodedPair[], indices?: ArrayLike<number>, padId: number = PAD_ID): Batch {
  const rows = indices === undefined ? Int32Array.from(pairs.keys()) : Int32Array.from(indices);
  if (rows.length === 0) throw new DatasetError('collate: cannot make a batch of 0 examples');
  const sourceLengths = new Int32Array(rows.length);
  const targetLengths = new Int32Array(rows.length);
  rows.forEach((row, b) => {
    const pair = pairs[row];
    if (pair === undefined) throw new DatasetError(`collate: indices[${b}] = ${row} is outside [0, ${pairs.length - 1}]`);
    if (pair.source?.length === undefined || pair.target?.length === undefined) {
      throw new DatasetError(`collate: example ${row} must have array-like 'source' and 'target' ids, got ${describeValue(pair)}`);
    }
    sourceLengths[b] = pair.source.length;
    targetLengths[b] = pair.target.length;
  });
  checkInteger(padId, 'padId', 'collate', -(2 ** 31), 2 ** 31 - 1);
  const sourceTime = sourceLengths.reduce((a, b) => Math.max(a, b), 0);
  const targetTime = targetLengths.reduce((a, b) => Math.max(a, b), 0);
  const source = new Int32Array(rows.length * sourceTime).fill(padId);
  const target = new Int32Array(rows.length * targetTime).fill(padId);
  rows.forEach((row, b) => {
    const pair = pairs[row] as EncodedPair;
    source.set(pair.source, b * sourceTime);
    target.set(pair.target, b * targetTime);
  });
  return {
    source,
    sourceLengths,
    target,
    targetLengths,
    indices: rows,
    shape: { batch: rows.length, sourceTime, targetTime },
  };
}

/** [batch, time] mask, 1 where `t < lengths[b]` and 0 on padding: for masked losses and attention. */
export function lengthMask(lengths: ArrayLike<number>, time: number): Float32Array {
  const mask = new Float32Array(lengths.length * time);
  for (let b = 0; b < lengths.length; b++) mask.fill(1, b * time, b * time + Math.min(time, lengths[b] as number));
  return mask;
}
