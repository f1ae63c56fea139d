/**
 * A {@link RecurrentImageDensity} and its data as a {@link TrainingTask}, so the shared `Trainer`
 * and `TrainingRun` train it with checkpoints, resume and the divergence guard. The loss is the
 * mean negative log-likelihood in nats per image; `tokens` counts images, so the trainer's
 * tokens/s is images/s. `trainBatches(epoch)` should depend on the epoch only (shuffle with a
 * fresh RNG seeded by it, e.g. `levelImageBatches(images, 32, new Rng(epoch))`), so a resumed run
 * sees the batches an uninterrupted one would.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { InputError } from '@seq2seq/core';
import type { TrainingTask } from '../training/trainer';
import type { LevelImages } from './images';
import type { RecurrentImageDensity } from './model';

/** Options of {@link recurrentImageDensityTask}. */
export interface RecurrentImageDensityTaskConfig {
  /** The training batches of an epoch (0-based). Required. */
  trainBatches: (epoch: number) => Iterable<LevelImages>;
  /** Held-out batches for the dev loss (nats per image) after every epoch. Default none. */
  devBatches?: () => Iterable<LevelImages>;
}

/** Builds the task (see the module comment). */
export function recurrentImageDensityTask(model: RecurrentImageDensity, config: RecurrentImageDensityTaskConfig): TrainingTask<LevelImages> & { model: RecurrentImageDensity } {
  if (config == null || typeof config.trainBatches !== 'function') throw new InputError('recurrentImageDensityTask: expected { trainBatches: (epoch) => batches, ... }');
  const devBatches = config.devBatches;
  return {
    model,
    loss: (batch: LevelImages): tf.Scalar => model.loss(batch),
    tokens: (batch) => batch.count,
    trainBatches: config.trainBatches,
    ...(devBatches ? { devBatches: () => devBatches() } : {}),
  };
}
