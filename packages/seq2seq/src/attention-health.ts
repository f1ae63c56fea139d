/**
 * Is the attention aligning, or has it collapsed?
 *
 * A healthy translation model moves its attention along the source as it writes the target; a
 * failure seen in practice is the softmax saturating onto one source position for every target
 * step (often the first, whose backward encoder state summarises the whole sentence), after which
 * the attention gets no gradient and the model degrades to a plain encoder-decoder. Three numbers
 * tell the two apart, each averaged over the real (unpadded) target steps of a set of sentences:
 *
 * - `entropy`: entropy of each attention row divided by `log(sourceLength)`, so 1 is uniform and
 *   0 is one-hot;
 * - `maxWeight`: the largest weight of each row (1 = hard attention);
 * - `coverage`: per sentence, the share of source positions that are the most attended one for at
 *   least one target step. Monotone alignment of equal-length sentences gives 1; a collapse gives
 *   `1 / sourceLength`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputError } from '@seq2seq/core';
import type { TokenBatch } from './batch';
import type { Seq2Seq } from './model';

/** Summary statistics of attention weights; see the module comment. */
export interface AttentionHealth {
  /** Mean row entropy over `log(sourceLength)`, in [0, 1]. */
  entropy: number;
  /** Mean largest weight of a row, in (0, 1]. */
  maxWeight: number;
  /** Mean share of source positions that win at least one target step, in (0, 1]. */
  coverage: number;
  /** Target steps the means are over. */
  rows: number;
}

/**
 * Summarises host attention weights `[batch, targetSteps, sourceTime]` (row-major), of which row
 * `b` has `sourceLengths[b]` valid source positions and `targetLengths[b]` valid target steps.
 */
export function summarizeAttention(
  weights: Float32Array,
  shape: readonly [number, number, number],
  sourceLengths: ArrayLike<number>,
  targetLengths: ArrayLike<number>,
): AttentionHealth {
  const [batch, steps, time] = shape;
  if (weights.length !== batch * steps * time) throw new InputError(`summarizeAttention: 'weights' must hold ${batch}*${steps}*${time} values, got ${weights.length}`);
  if (sourceLengths.length !== batch || targetLengths.length !== batch) {
    throw new InputError(`summarizeAttention: 'sourceLengths' and 'targetLengths' must have ${batch} entries, got ${sourceLengths.length} and ${targetLengths.length}`);
  }
  let entropy = 0;
  let maxWeight = 0;
  let coverage = 0;
  let rows = 0;
  let sentences = 0;
  for (let b = 0; b < batch; b++) {
    const n = Math.min(sourceLengths[b]!, time);
    const m = Math.min(targetLengths[b]!, steps);
    if (n < 1 || m < 1) continue;
    const winners = new Set<number>();
    for (let s = 0; s < m; s++) {
      const row = (b * steps + s) * time;
      let h = 0;
      let best = 0;
      for (let t = 0; t < n; t++) {
        const w = weights[row + t]!;
        if (w > 0) h -= w * Math.log(w);
        if (w > weights[row + best]!) best = t;
      }
      entropy += n > 1 ? h / Math.log(n) : 0;
      maxWeight += weights[row + best]!;
      winners.add(best);
      rows += 1;
    }
    coverage += winners.size / n;
    sentences += 1;
  }
  return rows === 0
    ? { entropy: Number.NaN, maxWeight: Number.NaN, coverage: Number.NaN, rows: 0 }
    : { entropy: entropy / rows, maxWeight: maxWeight / rows, coverage: coverage / sentences, rows };
}

/**
 * Teacher-forced attention statistics of `model` on `batches` (in evaluation mode; the model's
 * training mode is restored). Throws for a model without attention.
 */
export function measureAttention(model: Seq2Seq, batches: Iterable<TokenBatch>): AttentionHealth {
  if (!model.attention) throw new InputError('measureAttention: the model has no attention (decoder.attention is "none")');
  const wasTraining = model.training;
  model.eval();
  const parts: AttentionHealth[] = [];
  try {
    for (const batch of batches) {
      const { weights, steps } = tf.tidy(() => {
        const out = model.forward(batch);
        return { weights: out.weights!, steps: out.labels.shape[1] };
      });
      const data = weights.dataSync() as Float32Array;
      const shape = weights.shape as [number, number, number];
      weights.dispose();
      const targetSteps = Int32Array.from(batch.targetLengths, (n) => Math.min(steps, Math.max(1, n - 1)));
      parts.push(summarizeAttention(data, shape, batch.sourceLengths, targetSteps));
    }
  } finally {
    model.train(wasTraining);
  }
  const rows = parts.reduce((s, p) => s + p.rows, 0);
  if (rows === 0) return { entropy: Number.NaN, maxWeight: Number.NaN, coverage: Number.NaN, rows: 0 };
  // Entropy and max weight are per-row means; coverage is per sentence, weighted here by rows.
  const mean = (k: 'entropy' | 'maxWeight' | 'coverage') => parts.reduce((s, p) => s + (p.rows ? p[k] * p.rows : 0), 0) / rows;
  return { entropy: mean('entropy'), maxWeight: mean('maxWeight'), coverage: mean('coverage'), rows };
}
