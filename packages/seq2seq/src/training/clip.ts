/**
 * Gradient clipping by global norm (Pascanu et al. 2013): if `||g|| > maxNorm` over all
 * gradients together, scale every gradient by `maxNorm / ||g||`.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Global L2 norm of a set of gradients, as a scalar tensor. */
export function globalNorm(grads: readonly tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g))))) as tf.Scalar);
}

/**
 * Returns the clipped gradients (new tensors) and the norm before clipping.
 * A non-finite norm is returned as is, for the caller's divergence guard to see.
 */
export function clipByGlobalNorm(
  grads: Record<string, tf.Tensor>,
  maxNorm: number,
): { clipped: Record<string, tf.Tensor>; norm: number } {
  const names = Object.keys(grads);
  const normT = globalNorm(names.map((n) => grads[n]!));
  const norm = normT.dataSync()[0]!;
  normT.dispose();
  const scale = Number.isFinite(norm) && norm > maxNorm ? maxNorm / norm : 1;
  const clipped: Record<string, tf.Tensor> = {};
  for (const n of names) clipped[n] = scale === 1 ? grads[n]!.clone() : tf.mul(grads[n]!, scale);
  return { clipped, norm };
}
