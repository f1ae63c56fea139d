/**
 * Training a {@link DependencyParser} with the shared `Trainer` / `TrainingRun`: batches of
 * sentences of similar length (at most `maxTokens` words with padding), in an order that depends
 * on the seed and the epoch only (so a resumed run sees the batches an uninterrupted one would).
 * Sentences longer than the model's `maxWords` are left out of training (`skipped` counts them).
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputError, Rng } from '@seq2seq/core';
import type { ConlluSentence } from '@seq2seq/datasets';
import type { TrainingTask } from '../training/trainer';
import { lengthBuckets, parseBatch, type ParseBatch } from './batch';
import type { DependencyParser } from './model';

/** Options of {@link dependencyParserTask}. */
export interface DependencyParserTaskConfig {
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

/** A {@link TrainingTask} over parse batches. */
export interface DependencyParserTask extends TrainingTask<ParseBatch> {
  model: DependencyParser;
  /** Training sentences left out because they are longer than `maxWords`. */
  skipped: number;
}

/**
 * Builds the training task of `parser`.
 *
 * @example
 * const task = dependencyParserTask(parser, { train, dev, maxTokens: 1000 });
 * await new Trainer(task, { clipNorm: 5 }).fit();
 */
export function dependencyParserTask(parser: DependencyParser, config: DependencyParserTaskConfig): DependencyParserTask {
  const op = 'dependencyParserTask';
  if (config == null || !Array.isArray(config.train)) throw new InputError(`${op}: expected { train: sentences, ... }`);
  const max = parser.config.maxWords;
  const train = config.train.filter((s) => s.words.length > 0 && s.words.length <= max);
  if (train.length === 0) throw new InputError(`${op}: no training sentence of 1 to ${max} words`);
  const dev = config.dev?.filter((s) => s.words.length > 0 && s.words.length <= max);
  const seed = config.seed ?? parser.config.seed;
  const bucket = { maxTokens: config.maxTokens ?? 1000, maxSentences: config.maxSentences ?? 64 };
  const batches = (sentences: readonly ConlluSentence[], idx: number[][]): ParseBatch[] =>
    idx.map((i) => parseBatch(i.map((k) => sentences[k]!), parser.vocabulary, { maxWordChars: parser.config.maxWordChars, gold: true }));
  const trainLengths = train.map((s) => s.words.length);
  const devBatches = dev?.length ? batches(dev, lengthBuckets(dev.map((s) => s.words.length), bucket)) : undefined;
  return {
    model: parser,
    skipped: config.train.length - train.length,
    loss(batch: ParseBatch): tf.Scalar {
      const l = parser.losses(batch);
      tf.dispose([l.heads, l.relations, ...(l.upos ? [l.upos] : [])]);
      return l.total;
    },
    tokens: (batch) => batch.lengths.reduce((a, b) => a + b, 0),
    trainBatches: (epoch) => batches(train, lengthBuckets(trainLengths, { ...bucket, rng: new Rng(seed * 1_000_003 + epoch) })),
    ...(devBatches ? { devBatches: () => devBatches } : {}),
  };
}
