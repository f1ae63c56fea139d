/**
 * The host-side batch a {@link Seq2Seq} model consumes: padded id matrices with lengths, exactly
 * what `collate`/`makeBatches` of `@seq2seq/datasets` produce.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Batch, BatchShape } from '@seq2seq/datasets';

/**
 * The source half of a batch: padded source ids `[batch * sourceTime]` (row-major, ending with
 * `<eos>`, padded with 0) and their lengths. What {@link Seq2Seq.encode} reads; a {@link TokenBatch}
 * (and so a `Batch` from `@seq2seq/datasets`) is one.
 */
export type SourceBatch = Pick<Batch, 'source' | 'sourceLengths'> & { shape: Pick<BatchShape, 'batch' | 'sourceTime'> };

/**
 * Padded source and target ids with their lengths: the fields of `@seq2seq/datasets`' `Batch`
 * that a model reads (so a `collate` or `makeBatches` result is one, without a cast). Targets are
 * `<sos> y_1 ... y_n <eos>`, lengths count `<sos>` and `<eos>`.
 */
export type TokenBatch = Pick<Batch, 'source' | 'sourceLengths' | 'target' | 'targetLengths' | 'shape'>;

/** Teacher-forcing views of a batch: decoder inputs, labels and the label mask. */
export interface TeacherForcing {
  /** `[batch, targetTime - 1]`: `<sos> y_1 ... y_n` */
  inputs: tf.Tensor2D;
  /** `[batch, targetTime - 1]`: `y_1 ... y_n <eos>` */
  labels: tf.Tensor2D;
  /** `[batch, targetTime - 1]` float32, 1 on real label positions. */
  mask: tf.Tensor2D;
  /** `[batch]` lengths of the decoder inputs. */
  lengths: Int32Array;
}

/** Splits a batch's targets into shifted decoder inputs and labels (host-side, then tensors). */
export function teacherForcing(batch: Pick<TokenBatch, 'target' | 'targetLengths'> & { shape: Pick<BatchShape, 'batch' | 'targetTime'> }): TeacherForcing {
  const { batch: b, targetTime: t } = batch.shape;
  const steps = t - 1;
  const inputs = new Int32Array(b * steps);
  const labels = new Int32Array(b * steps);
  const mask = new Float32Array(b * steps);
  const lengths = new Int32Array(b);
  for (let r = 0; r < b; r++) {
    const len = Math.max(1, batch.targetLengths[r]! - 1);
    lengths[r] = len;
    for (let s = 0; s < steps; s++) {
      inputs[r * steps + s] = batch.target[r * t + s]!;
      labels[r * steps + s] = batch.target[r * t + s + 1]!;
      mask[r * steps + s] = s < len ? 1 : 0;
    }
  }
  return {
    inputs: tf.tensor2d(inputs, [b, steps], 'int32'),
    labels: tf.tensor2d(labels, [b, steps], 'int32'),
    mask: tf.tensor2d(mask, [b, steps]),
    lengths,
  };
}

/** @internal Reverses the valid part of every source row (Sutskever et al. 2014), keeping a final `<eos>` in place when `keepLast`. */
export function reverseSources(source: Int32Array, lengths: Int32Array, time: number, keepLast: boolean): Int32Array {
  const out = source.slice();
  for (let r = 0; r < lengths.length; r++) {
    const n = lengths[r]! - (keepLast ? 1 : 0);
    for (let s = 0; s < n; s++) out[r * time + s] = source[r * time + n - 1 - s]!;
  }
  return out;
}
