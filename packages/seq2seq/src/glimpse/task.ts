/**
 * A {@link GlimpseReader} and its data as a {@link TrainingTask}, so the shared `Trainer` and
 * `TrainingRun` train it (Adam, clipping, checkpoints, the divergence guard). Training batches
 * sample the glimpse locations from the policy with the task's own seeded stream; the dev loss
 * looks at the policy's means, so it does not move with the noise.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputError, Rng } from '@seq2seq/core';
import type { TrainingTask } from '../training/trainer';
import type { ImageTokenBatch } from '../image/batch';
import type { GlimpseReader } from './model';

/** Options of {@link glimpseReaderTask}. */
export interface GlimpseReaderTaskConfig {
  /** The training batches of an epoch (0-based). Required. */
  trainBatches: (epoch: number) => Iterable<ImageTokenBatch>;
  /** Held-out batches for the dev loss after every epoch. Default none. */
  devBatches?: () => Iterable<ImageTokenBatch>;
  /** Seed of the location noise. Default 0. */
  seed?: number;
}

/** Builds the task (see the module comment). */
export function glimpseReaderTask(model: GlimpseReader, config: GlimpseReaderTaskConfig): TrainingTask<ImageTokenBatch> & { model: GlimpseReader; rng: Rng } {
  if (config == null || typeof config.trainBatches !== 'function') throw new InputError('glimpseReaderTask: expected { trainBatches: (epoch) => batches, ... }');
  const rng = new Rng(config.seed ?? 0);
  const devBatches = config.devBatches;
  return {
    model,
    rng,
    loss: (batch: ImageTokenBatch, training: boolean): tf.Scalar => tf.tidy(() => model.loss(batch, { sample: training, rng }).total),
    tokens: (batch) => batch.targetLengths.reduce((n, l) => n + l - 1, 0),
    trainBatches: config.trainBatches,
    ...(devBatches ? { devBatches: () => devBatches() } : {}),
  };
}
