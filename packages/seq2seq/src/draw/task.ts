/**
 * A {@link Draw} model and its images as a {@link TrainingTask}, so the shared `Trainer` and
 * `TrainingRun` train it (checkpoints, resume, divergence guard). The loss is the mean negative
 * ELBO in nats per image; `tokens` counts images, so the trainer's "tokens/s" is images/s and its
 * dev loss is the mean bound per image.
 *
 * Randomness, all seeded: epoch e's order of the training images comes from `Rng(seed * 1_000_003
 * + e)` (a resumed run sees the batches an uninterrupted one would); the reparameterisation noise
 * of training steps comes from the task's `rng` (give it to `TrainingRun` as `rng`, which saves and
 * restores it); every evaluation of the dev images draws the same noise (from `Rng(seed + 1)`), so
 * dev bounds of different epochs are comparable.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { InputError, Rng } from '@seq2seq/core';
import type { TrainingTask } from '../training/trainer';
import { drawBatches, type DrawImages } from './images';
import type { Draw } from './model';

/** Options of {@link drawTask}. */
export interface DrawTaskConfig {
  /** The training images (e.g. `binarizedMnist('train')`). Required. */
  train: DrawImages;
  /** Held-out images for the dev bound after every epoch. Default none. */
  dev?: DrawImages;
  /** Images per batch. Default 64. */
  batchSize?: number;
  /** Train on the first `trainLimit` images of each epoch's shuffled order. Default all. */
  trainLimit?: number;
  /** Seed of the shuffling and of the dev noise. Default 0. */
  seed?: number;
  /** Source of the training noise; default `new Rng(seed + 2)`. */
  rng?: Rng;
  /**
   * KL warm-up: over the first `klWarmupEpochs` epochs the KL term's weight in the training loss
   * rises linearly, batch by batch, from 0 to 1 (Bowman et al. 2016; Sonderby et al. 2016), so the
   * encoder learns to carry information before the KL penalty can collapse the posterior (with
   * attention and no warm-up, DRAW's read windows wandered off the image and the latents held 2.5
   * nats after an epoch). The dev loss is always the full bound. Default 0 (no warm-up).
   */
  klWarmupEpochs?: number;
  /**
   * Posterior draws K per image of the loss: above 1, training and the dev loss are the
   * importance-weighted bound with K draws (IWAE training, Burda et al. 2016; see
   * {@link Draw.loss}), so the dev loss is then that bound, not the ELBO.
   * Not with a KL warm-up. Default 1 (the negative ELBO).
   */
  importanceSamples?: number;
}

/** A training batch with its KL weight during a warm-up (absent: 1). */
type WarmupBatch = DrawImages & { klWeight?: number };

/** A {@link TrainingTask} over binary images; `rng` is the training noise (save it with the run). */
export interface DrawTask extends TrainingTask<DrawImages> {
  model: Draw;
  /** The RNG of the training noise (pass it to `TrainingRun`'s `rng`). */
  rng: Rng;
}

/**
 * Builds the task (see the module comment).
 *
 * @example
 * const task = drawTask(model, { train: binarizedMnist('train'), dev: devImages, batchSize: 64 });
 * await new TrainingRun({ trainer: new Trainer(task, { clipNorm: 10 }), rng: task.rng, dir, manifest: () => drawManifest(model) }).run();
 */
export function drawTask(model: Draw, config: DrawTaskConfig): DrawTask {
  const op = 'drawTask';
  if (config == null || config.train == null) throw new InputError(`${op}: expected { train: images, ... }`);
  const seed = config.seed ?? 0;
  if (!Number.isInteger(seed) || seed < 0) throw new InputError(`${op}: 'seed' must be an integer >= 0, got ${String(seed)}`);
  const batchSize = config.batchSize ?? 64;
  const rng = config.rng ?? new Rng(seed + 2);
  const dev = config.dev ? drawBatches(config.dev, { batchSize }) : undefined;
  let devRng = new Rng(seed + 1);
  const warmup = config.klWarmupEpochs ?? 0;
  if (!(warmup >= 0 && Number.isFinite(warmup))) throw new InputError(`${op}: 'klWarmupEpochs' must be a number >= 0, got ${String(config.klWarmupEpochs)}`);
  const importanceSamples = config.importanceSamples ?? 1;
  if (!Number.isInteger(importanceSamples) || importanceSamples < 1) throw new InputError(`${op}: 'importanceSamples' must be an integer >= 1, got ${String(config.importanceSamples)}`);
  if (importanceSamples > 1 && warmup > 0) throw new InputError(`${op}: a KL warm-up ('klWarmupEpochs' ${warmup}) trains the negative ELBO; it cannot be combined with 'importanceSamples' ${importanceSamples}`);
  const { train, trainLimit } = config;
  return {
    model,
    rng,
    loss: (batch: WarmupBatch, training: boolean): tf.Scalar => model.loss(batch, training ? { rng, klWeight: batch.klWeight ?? 1, importanceSamples } : { rng: devRng, importanceSamples }),
    tokens: (batch) => batch.count,
    trainBatches: (epoch): WarmupBatch[] => {
      const batches = drawBatches(train, { batchSize, rng: new Rng(seed * 1_000_003 + epoch), ...(trainLimit !== undefined ? { limit: trainLimit } : {}) });
      if (warmup === 0) return batches;
      // Each batch carries its KL weight: (epoch + b / batches) / warmup, at most 1.
      return batches.map((b, i) => ({ ...b, klWeight: Math.min(1, (epoch + i / batches.length) / warmup) }));
    },
    ...(dev
      ? {
          devBatches: () => {
            devRng = new Rng(seed + 1);
            return dev;
          },
        }
      : {}),
  };
}
