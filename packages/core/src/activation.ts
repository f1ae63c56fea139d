/** Element-wise activation functions by name. */
import * as tf from '@tensorflow/tfjs-core';
import { checkOneOf } from './validate';

/** Names accepted wherever an activation is configured. */
export type ActivationName = 'relu' | 'tanh' | 'sigmoid' | 'gelu' | 'linear';

/** An activation: a name, or any element-wise function. */
export type Activation = ActivationName | ((x: tf.Tensor) => tf.Tensor);

const NAMES: readonly ActivationName[] = ['relu', 'tanh', 'sigmoid', 'gelu', 'linear'];
const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

/**
 * Resolves an activation to a function. `gelu` is the tanh approximation of Hendrycks and Gimpel
 * (2016): `0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))`; `linear` is the identity.
 */
export function activationFn(activation: Activation, opName: string): (x: tf.Tensor) => tf.Tensor {
  if (typeof activation === 'function') return activation;
  switch (checkOneOf(activation, NAMES, 'activation', opName)) {
    case 'relu':
      return tf.relu;
    case 'tanh':
      return tf.tanh;
    case 'sigmoid':
      return tf.sigmoid;
    case 'gelu':
      return (x) =>
        tf.tidy(() => {
          const inner = tf.mul(tf.add(x, tf.mul(tf.mul(tf.mul(x, x), x), 0.044715)), SQRT_2_OVER_PI);
          return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1));
        });
    case 'linear':
      return (x) => x.clone();
  }
}
