/**
 * A {@link BinaryDensityModel} and its images as a {@link TrainingTask}, so the shared `Trainer`
 * and `TrainingRun` train it with checkpoints, resume and the divergence guard. The loss is the
 * mean negative log-likelihood in nats per image (plus the model's penalty, in training only); the
 * dev loss is the plain negative log-likelihood of held-out images, comparable with the draw app's scores.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputError, Rng, checkInt } from '@seq2seq/core';
import type { TrainingTask } from '../training/trainer';
import { binaryBatch, binaryTensor, type BinaryBatch } from './binary-batch';
import type { BinaryDensityModel } from './model';

/** Binary images, image after image (the shape of `binarizedMnist`'s pools). */
export interface BinaryImageSet {
  count: number;
  bits: Uint8Array;
}

/** Options of {@link binaryDensityTask}. */
export interface BinaryDensityTaskConfig {
  /** Training images. Required. */
  train: BinaryImageSet;
  /** Held-out images for the dev loss after every epoch. Default none. */
  dev?: BinaryImageSet;
  /** Images per batch. Default 100. */
  batchSize?: number;
  /** Seed of the shuffles: epoch e is shuffled with `new Rng(seed + e)`, so a resumed run sees the same batches. Default 1. */
  seed?: number;
}

function checkImages(images: BinaryImageSet | undefined, pixels: number, name: string): void {
  if (images == null || !(images.bits instanceof Uint8Array) || images.bits.length !== images.count * pixels || images.count < 1) {
    throw new InputError(`binaryDensityTask: expected '${name}' to be { count, bits } with count >= 1 images of ${pixels} bits each`);
  }
}

function batches(images: BinaryImageSet, pixels: number, batchSize: number, order: number[]): BinaryBatch[] {
  const out: BinaryBatch[] = [];
  for (let at = 0; at < order.length; at += batchSize) out.push(binaryBatch(images.bits, pixels, order.slice(at, at + batchSize)));
  return out;
}

/** Builds the task (see the module comment). */
export function binaryDensityTask(model: BinaryDensityModel, config: BinaryDensityTaskConfig): TrainingTask<BinaryBatch> {
  const pixels = model.width * model.height;
  checkImages(config?.train, pixels, 'train');
  if (config.dev !== undefined) checkImages(config.dev, pixels, 'dev');
  const batchSize = checkInt(config.batchSize ?? 100, 'batchSize', 'binaryDensityTask', 1);
  const seed = checkInt(config.seed ?? 1, 'seed', 'binaryDensityTask', 0);
  const { train, dev } = config;
  const devBatches = dev ? batches(dev, pixels, 1000, [...Array(dev.count).keys()]) : undefined;
  return {
    model,
    // Training: the model's loss (penalty included); dev: the plain nats per image.
    loss: (batch: BinaryBatch, training: boolean): tf.Scalar =>
      tf.tidy(() => {
        const x = binaryTensor(batch, pixels, 'binaryDensityTask'); // [batch, pixels]
        return training ? model.loss(x) : tf.mean(model.nll(x));
      }),
    tokens: (batch) => batch.count,
    trainBatches: (epoch) => batches(train, pixels, batchSize, new Rng(seed + epoch).permutation(train.count)),
    ...(devBatches ? { devBatches: () => devBatches } : {}),
  };
}
