/**
 * Masked token-level cross-entropy, the training objective of every model here:
 * `loss = -sum_{b,t} m_{b,t} sum_v q_{b,t,v} log p_{b,t,v} / sum m`, where `q` is the one-hot
 * target, optionally label-smoothed (Szegedy et al. 2016): `q = (1 - eps) onehot + eps / V`.
 *
 * The target is picked with a one-hot product rather than `gather`, whose gradient needs
 * `UnsortedSegmentSum`, a kernel the WASM backend lacks (tensorflow/tfjs #8082).
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkNumber, checkTensor } from '@seq2seq/core';

/** Options of {@link maskedCrossEntropy}. */
export interface CrossEntropyOptions {
  /** Label smoothing `eps` in [0, 1). Default 0. */
  labelSmoothing?: number;
}

/**
 * Mean cross-entropy per unmasked position.
 * @param logits `[batch, time, classes]` (or `[batch, classes]`)
 * @param targets int32 `[batch, time]` (or `[batch]`)
 * @param mask float32 `[batch, time]`, 1 where the position counts; all ones when omitted.
 */
export function maskedCrossEntropy(
  logits: tf.Tensor,
  targets: tf.Tensor,
  mask?: tf.Tensor,
  options: CrossEntropyOptions = {},
): tf.Scalar {
  const eps = checkNumber(options.labelSmoothing ?? 0, 'labelSmoothing', 'maskedCrossEntropy', 0, 0.999);
  const dims = new Map<string, number>();
  const lead = logits.rank === 3 ? ['batch', 'time'] : ['batch'];
  checkTensor(logits, 'logits', 'maskedCrossEntropy', [...lead, 'classes'], dims);
  checkTensor(targets, 'targets', 'maskedCrossEntropy', lead, dims, 'int32');
  if (mask) checkTensor(mask, 'mask', 'maskedCrossEntropy', lead, dims);
  const classes = dims.get('classes')!;
  return tf.tidy(() => {
    const flatLogits = tf.reshape(logits, [-1, classes]); // [N, V]
    const logProbs = tf.logSoftmax(flatLogits); // [N, V]
    let q = tf.oneHot(tf.reshape(targets, [-1]), classes); // [N, V]
    if (eps > 0) q = tf.add(tf.mul(q, 1 - eps), eps / classes);
    const nll = tf.neg(tf.sum(tf.mul(q, logProbs), -1)); // [N]
    if (!mask) return tf.mean(nll) as tf.Scalar;
    const m = tf.reshape(mask, [-1]); // [N]
    return tf.div(tf.sum(tf.mul(nll, m)), tf.maximum(tf.sum(m), 1)) as tf.Scalar;
  });
}
