/**
 * An {@link ImageToSequence} model and its data as a {@link TrainingTask}, so the shared `Trainer`
 * and `TrainingRun` train it with checkpoints, resume and the divergence guard. Batches come from
 * the caller: generated on the fly (digit strings), `trainBatches(epoch)` should depend on the
 * epoch only (seed a fresh RNG with it) so a resumed run sees the batches an uninterrupted one would.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { InputError } from '@seq2seq/core';
import type { TrainingTask } from '../training/trainer';
import type { ImageTokenBatch } from './batch';
import type { ImageToSequence } from './model';

/** Options of {@link imageToSequenceTask}. */
export interface ImageToSequenceTaskConfig {
  /** The training batches of an epoch (0-based). Required. */
  trainBatches: (epoch: number) => Iterable<ImageTokenBatch>;
  /** Held-out batches for the dev loss after every epoch. Default none. */
  devBatches?: () => Iterable<ImageTokenBatch>;
  /** Label smoothing of the training loss, in [0, 1). Default 0. */
  labelSmoothing?: number;
}

/** Builds the task (see the module comment). */
export function imageToSequenceTask(model: ImageToSequence, config: ImageToSequenceTaskConfig): TrainingTask<ImageTokenBatch> & { model: ImageToSequence } {
  if (config == null || typeof config.trainBatches !== 'function') throw new InputError('imageToSequenceTask: expected { trainBatches: (epoch) => batches, ... }');
  const labelSmoothing = config.labelSmoothing ?? 0;
  const devBatches = config.devBatches;
  return {
    model,
    loss: (batch: ImageTokenBatch, training: boolean): tf.Scalar => model.loss(batch, { labelSmoothing: training ? labelSmoothing : 0 }),
    tokens: (batch) => batch.targetLengths.reduce((n, l) => n + l - 1, 0),
    trainBatches: config.trainBatches,
    ...(devBatches ? { devBatches: () => devBatches() } : {}),
  };
}
