import * as tf from '@tensorflow/tfjs-core';

/**
 * `tf.tidy` for a function returning an object of tensors typed by an interface (which TypeScript
 * does not accept as a `TensorContainer`, interfaces having no index signature).
 */
export function tidy<T extends object>(fn: () => T): T {
  return tf.tidy(fn as unknown as () => tf.TensorContainer) as unknown as T;
}
