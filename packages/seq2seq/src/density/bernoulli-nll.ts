/**
 * The negative log-likelihood of binary pixels under independent Bernoulli distributions given by
 * their logits `l` (p = sigmoid(l)), summed over the pixels of each image:
 *
 *   -log p(x) = sum_i softplus(l_i) - x_i l_i
 *
 * (since -log sigmoid(l) = softplus(-l) = softplus(l) - l and -log(1 - sigmoid(l)) = softplus(l)).
 * Its gradient is `sigmoid(l) - x`.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Nats per image: `x` `[batch, pixels]` of 0/1, `logits` `[batch, pixels]` or `[pixels]`; returns `[batch]`. */
export function bernoulliNll(x: tf.Tensor2D, logits: tf.Tensor2D | tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => tf.sum(tf.sub(tf.softplus(logits), tf.mul(x, logits)), 1)); // [batch, pixels] -> [batch]
}
