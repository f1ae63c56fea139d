/**
 * Masks for variable-length batches. A sequence of length L has real steps `0..L-1` and padding
 * after; the runner keeps the state through padded steps and outputs zeros there, so the final
 * state is the state after each sequence's last real step (as PyTorch's packed sequences give).
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkTensor, InputError } from '@seq2seq/core';
import type { SequenceOptions } from './types';

/**
 * The `[batch, time]` float32 0/1 mask of `lengths`: `mask[b, t] = t < lengths[b]`.
 * @throws InputError when a length is not an integer in `[0, time]`.
 */
export function lengthsToMask(lengths: readonly number[] | Int32Array | tf.Tensor1D, time: number, opName = 'lengthsToMask'): tf.Tensor2D {
  return tf.tidy(() => {
    let len: tf.Tensor1D;
    if (lengths instanceof tf.Tensor) {
      checkTensor(lengths, 'lengths', opName, ['batch'], new Map(), ['int32', 'float32']);
      len = tf.cast(lengths, 'int32');
    } else {
      if (!Array.isArray(lengths) && !(lengths instanceof Int32Array)) {
        throw new InputError(`${opName}: 'lengths' must be an array of integers, an Int32Array or a tf.Tensor1D`);
      }
      lengths.forEach((l, b) => {
        if (!Number.isInteger(l) || l < 0 || l > time) {
          throw new InputError(`${opName}: 'lengths[${b}]' must be an integer in [0, ${time}] (the time axis of x), got ${String(l)}`);
        }
      });
      len = tf.tensor1d(Array.from(lengths), 'int32');
    }
    const steps = tf.range(0, time, 1, 'int32').reshape([1, time]); // [1, time]
    return tf.cast(tf.less(steps, len.reshape([-1, 1])), 'float32') as tf.Tensor2D; // [batch, time]
  });
}

/**
 * The time-major `[time*batch, 1]` float32 mask the runner consumes (row `t*batch + b`), from
 * `lengths` or a `[batch, time]` mask; null when neither is given.
 */
export function timeMajorMask(options: SequenceOptions, batch: number, time: number, opName: string): tf.Tensor2D | null {
  const { lengths, mask } = options;
  if (lengths != null && mask != null) throw new InputError(`${opName}: give either 'lengths' or 'mask', not both`);
  if (lengths == null && mask == null) return null;
  return tf.tidy(() => {
    let m: tf.Tensor2D;
    if (lengths != null) {
      if (!(lengths instanceof tf.Tensor) && lengths.length !== batch) {
        throw new InputError(`${opName}: 'lengths' must have one entry per sequence (batch=${batch}), got ${lengths.length}`);
      }
      if (lengths instanceof tf.Tensor) checkTensor(lengths, 'lengths', opName, [batch], new Map(), ['int32', 'float32']);
      m = lengthsToMask(lengths, time, opName);
    } else {
      checkTensor(mask, 'mask', opName, [batch, time], new Map(), ['bool', 'int32', 'float32']);
      m = tf.cast(tf.notEqual(mask, 0), 'float32') as tf.Tensor2D;
    }
    return tf.reshape(tf.transpose(m), [time * batch, 1]) as tf.Tensor2D; // [time*batch, 1]
  });
}
