/**
 * Training a {@link TreeGenerator} with the shared `Trainer` / `TrainingRun`: teacher forcing,
 * cross-entropy over the output tokens of the projectivised gold trees, batches of sentences of
 * similar length (at most `maxTokens` words with padding) in an order that depends on the seed and
 * the epoch only. Sentences longer than the model's `maxWords` are left out (`skipped`).
 */
import type * as tf from '@tensorflow/tfjs-core';
import { InputError, Rng } from '@seq2seq/core';
import type { ConlluSentence } from '@seq2seq/datasets';
import type { TrainingTask } from '../../training/trainer';
import { lengthBuckets } from '../batch';
import { treeBatch, type TreeBatch } from './batch';
import type { TreeGenerator } from './model';

/** Options of {@link treeGeneratorTask}. */
export interface TreeGeneratorTaskConfig {
  /** Gold training sentences. Required. */
  train: readonly ConlluSentence[];
  /** Gold dev sentences, for the dev loss after every epoch. Default none. */
  dev?: readonly ConlluSentence[];
  /** Most words, padding included, per batch. Default 1000. */
  maxTokens?: number;
  /** Most sentences per batch. Default 64. */
  maxSentences?: number;
  /** Seed of the batch order. Default the model's seed. */
  seed?: number;
}

/** A {@link TrainingTask} over teacher-forcing tree batches. */
export interface TreeGeneratorTask extends TrainingTask<TreeBatch> {
  model: TreeGenerator;
  /** Training sentences left out because they are longer than `maxWords`. */
  skipped: number;
}

/**
 * Builds the training task of `generator`.
 *
 * @example
 * const task = treeGeneratorTask(generator, { train, dev, maxTokens: 1000 });
 * await new Trainer(task, { clipNorm: 5 }).fit();
 */
export function treeGeneratorTask(generator: TreeGenerator, config: TreeGeneratorTaskConfig): TreeGeneratorTask {
  const op = 'treeGeneratorTask';
  if (config == null || !Array.isArray(config.train)) throw new InputError(`${op}: expected { train: sentences, ... }`);
  const max = generator.config.maxWords;
  const train = config.train.filter((s) => s.words.length > 0 && s.words.length <= max);
  if (train.length === 0) throw new InputError(`${op}: no training sentence of 1 to ${max} words`);
  const dev = config.dev?.filter((s) => s.words.length > 0 && s.words.length <= max);
  const seed = config.seed ?? generator.config.seed;
  const bucket = { maxTokens: config.maxTokens ?? 1000, maxSentences: config.maxSentences ?? 64 };
  const options = { maxWordChars: generator.config.maxWordChars };
  const batches = (sentences: readonly ConlluSentence[], idx: number[][]): TreeBatch[] =>
    idx.map((i) => treeBatch(i.map((k) => sentences[k]!), generator.vocabulary, generator.tokens, options));
  const trainLengths = train.map((s) => s.words.length);
  let devBatches: TreeBatch[] | undefined;
  return {
    model: generator,
    skipped: config.train.length - train.length,
    loss: (batch: TreeBatch): tf.Scalar => generator.loss(batch),
    tokens: (batch) => batch.words.lengths.reduce((a, b) => a + b, 0),
    trainBatches: (epoch) => batches(train, lengthBuckets(trainLengths, { ...bucket, rng: new Rng(seed * 1_000_003 + epoch) })),
    ...(dev?.length ? { devBatches: () => (devBatches ??= batches(dev, lengthBuckets(dev.map((s) => s.words.length), bucket))) } : {}),
  };
}
