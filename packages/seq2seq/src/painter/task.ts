/**
 * A {@link Painter} and its images as a {@link TrainingTask}, so the shared `Trainer` and
 * `TrainingRun` train it with checkpoints, resume and the divergence guard. `tokens` counts
 * images, so the trainer's `tokensPerSecond` reads as images per second.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { InputError } from '@seq2seq/core';
import type { TrainingTask } from '../training/trainer';
import type { ImageSourceBatch } from '../image/batch';
import type { Painter } from './model';

/** Options of {@link painterTask}. */
export interface PainterTaskConfig {
  /** The training batches of an epoch (0-based); shuffle with an RNG seeded by the epoch. Required. */
  trainBatches: (epoch: number) => Iterable<ImageSourceBatch>;
  /** Held-out batches for the dev loss (the final canvas's reconstruction loss) after every epoch. Default none. */
  devBatches?: () => Iterable<ImageSourceBatch>;
}

/** Builds the task (see the module comment). */
export function painterTask(model: Painter, config: PainterTaskConfig): TrainingTask<ImageSourceBatch> & { model: Painter } {
  if (config == null || typeof config.trainBatches !== 'function') throw new InputError('painterTask: expected { trainBatches: (epoch) => batches, ... }');
  const devBatches = config.devBatches;
  return {
    model,
    loss: (batch: ImageSourceBatch, training: boolean): tf.Scalar => (training ? model.loss(batch) : model.reconstructionLoss(batch)),
    tokens: (batch) => batch.shape.batch,
    trainBatches: config.trainBatches,
    ...(devBatches ? { devBatches: () => devBatches() } : {}),
  };
}
