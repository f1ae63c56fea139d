/**
 * He (Kaiming) normal initialisation (He, Zhang, Ren and Sun 2015, "Delving deep into
 * rectifiers", eq. 10): `W ~ N(0, 2 / fanIn)`, which keeps the variance of activations constant
 * through ReLU layers. For a kernel `[kh, kw, in, out]`, `fanIn = kh kw in`.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Initializer } from '@seq2seq/core';

/** `N(0, gain^2 / fanIn)` with `fanIn` the product of all axes but the last; `gain = sqrt(2)` suits ReLU. */
export const heNormal = (gain = Math.SQRT2): Initializer => (shape, rng) => {
  const size = shape.reduce((a, b) => a * b, 1);
  const fanIn = shape.length < 2 ? Math.max(size, 1) : size / shape[shape.length - 1]!;
  return tf.tensor(rng.normalArray(size, 0, gain / Math.sqrt(fanIn)), shape as number[]);
};
