/**
 * Source masks and the masked softmax every attention rule in this package ends with.
 *
 * A masked position gets a weight of exactly 0 (not a small number): the exponentials are
 * replaced by zeros with `tf.where` before normalising, so
 *
 *   alpha_{s,t} = m_t exp(score_{s,t} - max) / sum_u m_u exp(score_{s,u} - max),   m_t in {0, 1}
 *
 * and every row still sums to 1. A row in which every position is masked has no such
 * distribution; it is reported as an {@link InputError} before anything is computed (the mask or
 * the lengths are read on the host), never returned as NaN.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputError, ShapeError, checkTensor } from '@seq2seq/core';

/**
 * The logit given to masked positions by {@link maskedLogSoftmax} and the pointer: finite, so a
 * loss written as `sum(oneHot * logProbs)` stays finite (`0 * -Infinity` would be NaN), and far
 * enough below any real score that `exp` of it is exactly 0 in float32.
 */
export const MASKED_LOGIT = -1e9;

/**
 * Which source positions are real, given one of two ways (the API contract's padding mask):
 * `mask`, a tensor `[batch, sourceTime]` (float32 or int32 0/1, or bool; 1/true = a real
 * position, 0/false = padding), or `lengths`, the valid length of each batch row (`[5, 3]`:
 * positions `>= lengths[b]` are padding). Passing both is an error; passing neither means no mask.
 */
export interface MaskOptions {
  /** `[batch, sourceTime]`, 1 = attend, 0 = padding. */
  mask?: tf.Tensor | null;
  /** Valid length of each batch row. */
  lengths?: ArrayLike<number> | null;
}

/**
 * Resolves {@link MaskOptions} into a bool tensor `[batch, sourceTime]` (true = attend), or null
 * when there is no mask. Throws a {@link ShapeError} for a mask tensor of the wrong shape or dtype,
 * and an {@link InputError} for bad `lengths`, for both `mask` and `lengths` at once, or when a row
 * masks every position.
 *
 * A mask tensor is read on the host (one small synchronous download) and the result is built from
 * host values, so it can itself be read synchronously on every backend later. (On WebGPU in
 * Node, only tensors created from JavaScript values can be read synchronously: build masks with
 * `tf.tensor2d(values)`, or pass `lengths`.)
 *
 * The caller owns the returned tensor.
 */
export function resolveMask(
  options: MaskOptions | null | undefined,
  batch: number,
  sourceTime: number,
  opName: string,
): tf.Tensor2D | null {
  if (options != null && (typeof options !== 'object' || 'shape' in options)) {
    throw new InputError(`${opName}: masks are passed in the options object, as { mask } ([batch, sourceTime] tensor) or { lengths }, got ${'shape' in Object(options) ? 'a tensor' : typeof options}`);
  }
  const mask = options?.mask ?? null;
  const lengths = options?.lengths ?? null;
  if (mask != null && lengths != null) throw new InputError(`${opName}: give either 'mask' or 'lengths', not both`);
  if (mask == null && lengths == null) return null;
  const keep = new Uint8Array(batch * sourceTime);
  if (lengths != null) {
    if (typeof lengths.length !== 'number' || lengths.length !== batch) {
      throw new InputError(`${opName}: 'lengths' must have one entry per batch row (${batch}), got ${lengths?.length}`);
    }
    for (let b = 0; b < batch; b++) {
      const n = lengths[b]!;
      if (!Number.isInteger(n) || n < 0 || n > sourceTime) {
        throw new InputError(`${opName}: 'lengths[${b}]' must be an integer in [1, ${sourceTime}], got ${n}`);
      }
      keep.fill(1, b * sourceTime, b * sourceTime + n);
    }
    checkRows(keep, [batch, sourceTime], opName, 'lengths');
  } else {
    checkTensor(mask, 'mask', opName, [batch, sourceTime], new Map(), ['float32', 'int32', 'bool']);
    const values = readHostValues(mask!, opName, 'mask');
    for (let i = 0; i < keep.length; i++) keep[i] = values[i] !== 0 ? 1 : 0;
    checkRows(keep, [batch, sourceTime], opName, 'mask');
  }
  return tf.tensor2d(keep, [batch, sourceTime], 'bool');
}

/**
 * The values of `x` as 0/1 bytes (nonzero -> 1), read synchronously, with an {@link InputError}
 * naming the argument where the backend cannot (WebGPU in Node, for tensors computed on the GPU).
 */
export function readMaskValues(x: tf.Tensor, opName: string, argName: string): Uint8Array {
  const values = readHostValues(x, opName, argName);
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i] !== 0 ? 1 : 0;
  return out;
}

/**
 * `x.dataSync()`, with an {@link InputError} naming the argument where the backend cannot read
 * synchronously (WebGPU in Node, for tensors computed on the GPU).
 */
export function readHostValues(x: tf.Tensor, opName: string, argName: string): ArrayLike<number> {
  try {
    return x.dataSync() as ArrayLike<number>;
  } catch (err) {
    throw new InputError(
      `${opName}: could not read '${argName}' on the host (backend '${tf.getBackend()}': ${(err as Error).message}); ` +
        'create it from JavaScript values (tf.tensor(values)) so that it can be checked',
    );
  }
}

/**
 * Throws an {@link InputError} if a row (last axis) of the 0/1 values `keep` of shape `shape`
 * has no 1, naming the row by its index over the leading axes.
 */
export function checkRows(keep: Uint8Array, shape: readonly number[], opName: string, argName: string): void {
  const n = shape[shape.length - 1]!;
  for (let r = 0; r * n < keep.length; r++) {
    let any = false;
    for (let i = r * n; i < (r + 1) * n && !any; i++) any = keep[i] !== 0;
    if (!any) throw emptyRow(opName, argName, r, shape.slice(0, -1));
  }
}

function emptyRow(opName: string, argName: string, row: number, lead: readonly number[]): InputError {
  // Row index as a multi-index over the leading axes, e.g. [1, 3] for batch 1, target step 3.
  const index: number[] = [];
  let r = row;
  for (let a = lead.length - 1; a >= 0; a--) {
    index.unshift(r % lead[a]!);
    r = Math.floor(r / lead[a]!);
  }
  const where = lead.length > 1 ? `[${index.join(', ')}]` : `${row}`;
  return new InputError(
    `${opName}: '${argName}' leaves row ${where} with every source position masked; attention needs at least one unmasked position per row`,
  );
}

/**
 * Softmax over the last axis of `scores`, with positions where `keep` (bool, broadcastable to
 * `scores`) is false given weight exactly 0. `keep` null means no mask. Every row of `keep` must
 * have a true entry ({@link resolveMask} guarantees it).
 */
export function maskedSoftmax(scores: tf.Tensor, keep: tf.Tensor | null): tf.Tensor {
  if (keep === null) return tf.softmax(scores);
  return tf.tidy(() => {
    const filled = tf.where(keep, scores, MASKED_LOGIT); // [..., S], masked -> -1e9
    const shifted = tf.sub(filled, tf.max(filled, -1, true)); // [..., S], max over unmasked = 0
    const z = tf.where(keep, tf.exp(shifted), 0); // [..., S], exactly 0 where masked
    return tf.div(z, tf.sum(z, -1, true)); // [..., S], rows sum to 1
  });
}

/**
 * Log-softmax over the last axis with masked positions (where `keep` is false) set to
 * `MASKED_LOGIT - logsumexp`, which is finite and whose `exp` is exactly 0.
 * Returns `{ logits, logProbs }`, `logits` being `scores` with masked entries set to
 * {@link MASKED_LOGIT}.
 */
export function maskedLogSoftmax(scores: tf.Tensor, keep: tf.Tensor | null): { logits: tf.Tensor; logProbs: tf.Tensor } {
  return tf.tidy(() => {
    const logits = keep === null ? scores.clone() : tf.where(keep, scores, MASKED_LOGIT); // [..., S]
    const shifted = tf.sub(logits, tf.max(logits, -1, true)); // [..., S]
    const z = keep === null ? tf.exp(shifted) : tf.where(keep, tf.exp(shifted), 0); // [..., S]
    const logProbs = tf.sub(shifted, tf.log(tf.sum(z, -1, true))); // [..., S]
    return { logits, logProbs };
  });
}
