/** A {@link Batch} as tf tensors, for the model. The rest of the text module needs no backend. */
import { type Tensor1D, type Tensor2D, tensor1d, tensor2d } from '@tensorflow/tfjs-core';
import { type Batch, lengthMask } from './batch';

/**
 * Tensors of one batch; dispose them with `tf.dispose(tensorBatch)` (a type alias, not an
 * interface, so that it is assignable to `tf.TensorContainer`).
 */
export type TensorBatch = {
  /** [batch, sourceTime] int32 source ids. */
  source: Tensor2D;
  /** [batch] int32 source lengths. */
  sourceLengths: Tensor1D;
  /** [batch, sourceTime] float32, 1 on tokens and 0 on padding. */
  sourceMask: Tensor2D;
  /** [batch, targetTime] int32 target ids. */
  target: Tensor2D;
  /** [batch] int32 target lengths. */
  targetLengths: Tensor1D;
  /** [batch, targetTime] float32, 1 on tokens and 0 on padding. */
  targetMask: Tensor2D;
};

/** Tensors of `batch` on the current tf backend. */
export function batchToTensors(batch: Batch): TensorBatch {
  const { batch: b, sourceTime, targetTime } = batch.shape;
  return {
    source: tensor2d(batch.source, [b, sourceTime], 'int32'),
    sourceLengths: tensor1d(batch.sourceLengths, 'int32'),
    sourceMask: tensor2d(lengthMask(batch.sourceLengths, sourceTime), [b, sourceTime], 'float32'),
    target: tensor2d(batch.target, [b, targetTime], 'int32'),
    targetLengths: tensor1d(batch.targetLengths, 'int32'),
    targetMask: tensor2d(lengthMask(batch.targetLengths, targetTime), [b, targetTime], 'float32'),
  };
}
