/**
 * Splits of the library's own batches into per-worker slices, each weighted by what its model's
 * loss averages over, so that the weighted sum of the slices' gradients is the whole batch's
 * gradient (see data-parallel.ts):
 *
 * - `Seq2Seq.loss` is a mean over label tokens (`maskedCrossEntropy` with the label mask): a
 *   {@link TokenBatch} row weighs its `targetLength - 1` labels (at least 1, as the mask counts);
 * - `PointerNetwork.loss` is a mean over output steps: a {@link PointerBatch} row weighs its
 *   `targets.lengths` entry.
 *
 * Rows stay in order; each slice is padded only to its own longest row (the models mask padding),
 * so a slice computes the rows' terms of the whole batch's loss with less work. No Node
 * built-ins: browser-safe.
 */
import { InputError } from '@seq2seq/core';
import type { TokenBatch } from '../../batch';
import type { PointerInputs, PointerTargets } from '../../pointer/network';
import type { GradientSlice } from './pool';

/** A supervised pointer-network batch: the inputs and teacher-forcing targets of `PointerNetwork.loss`. */
export interface PointerBatch {
  inputs: PointerInputs;
  targets: PointerTargets;
}

/** `[from, to)` row ranges of `rows` rows in at most `parts` near-equal contiguous parts (none empty). */
export function rowRanges(rows: number, parts: number): Array<[number, number]> {
  if (!Number.isInteger(parts) || parts < 1) throw new InputError(`split: parts must be a positive integer, got ${parts}`);
  const n = Math.min(parts, rows);
  const ranges: Array<[number, number]> = [];
  for (let i = 0, from = 0; i < n; i++) {
    const to = from + Math.floor(rows / n) + (i < rows % n ? 1 : 0);
    ranges.push([from, to]);
    from = to;
  }
  return ranges;
}

/**
 * Splits a {@link TokenBatch} (a `collate` / `makeBatches` result) into at most `parts` row
 * slices for `dataParallelTask`, each weighted by its label tokens (what `Seq2Seq.loss` averages
 * over). Fields other than the token matrices and lengths are not carried into the slices.
 */
export function splitTokenBatch(batch: TokenBatch, parts: number): Array<GradientSlice<TokenBatch>> {
  const { batch: rows, sourceTime, targetTime } = batch.shape;
  if (rows < 1) throw new InputError('splitTokenBatch: expected a batch with at least one row');
  return rowRanges(rows, parts).map(([from, to]) => {
    const sourceLengths = batch.sourceLengths.slice(from, to);
    const targetLengths = batch.targetLengths.slice(from, to);
    // Padded to the slice's own longest rows: less work, the same terms (padding is masked).
    const s = Math.max(...sourceLengths);
    const t = Math.max(...targetLengths);
    const source = new Int32Array((to - from) * s);
    const target = new Int32Array((to - from) * t);
    for (let r = from; r < to; r++) {
      source.set(batch.source.subarray(r * sourceTime, r * sourceTime + s), (r - from) * s);
      target.set(batch.target.subarray(r * targetTime, r * targetTime + t), (r - from) * t);
    }
    const slice: TokenBatch = { source, sourceLengths, target, targetLengths, shape: { ...batch.shape, batch: to - from, sourceTime: s, targetTime: t } };
    return { batch: slice, weight: targetLengths.reduce((sum, n) => sum + Math.max(1, n - 1), 0) };
  });
}

/**
 * Splits a {@link PointerBatch} into at most `parts` row slices for `dataParallelTask`, each
 * weighted by its output steps (what `PointerNetwork.loss` averages over).
 */
export function splitPointerBatch(batch: PointerBatch, parts: number): Array<GradientSlice<PointerBatch>> {
  const { inputs, targets } = batch;
  const rows = inputs.lengths.length;
  if (rows < 1 || targets.lengths.length !== rows) {
    throw new InputError(`splitPointerBatch: expected inputs and targets with the same number of rows (>= 1), got ${rows} and ${targets.lengths.length}`);
  }
  const inputSize = inputs.points.length / (rows * inputs.maxN);
  return rowRanges(rows, parts).map(([from, to]) => {
    const lengths = inputs.lengths.slice(from, to);
    const targetLengths = targets.lengths.slice(from, to);
    // Padded to the slice's own largest set and longest output (padding is masked).
    const maxN = Math.max(...lengths);
    const time = Math.max(1, ...targetLengths);
    const points = new Float32Array((to - from) * maxN * inputSize);
    const positions = new Int32Array((to - from) * time);
    for (let r = from; r < to; r++) {
      const at = r * inputs.maxN * inputSize;
      points.set(inputs.points.subarray(at, at + maxN * inputSize), (r - from) * maxN * inputSize);
      positions.set(targets.positions.subarray(r * targets.time, r * targets.time + time), (r - from) * time);
    }
    const slice: PointerBatch = { inputs: { points, lengths, maxN }, targets: { positions, lengths: targetLengths, time } };
    return { batch: slice, weight: targetLengths.reduce((sum, n) => sum + n, 0) };
  });
}
