/**
 * The translation data pipeline: a tab-separated corpus (or a generated task), tokenised,
 * split by source sentence into train/dev/test, vocabularies built on train only, and batches.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import {
  CharTokenizer,
  DatasetError,
  Vocabulary,
  WordTokenizer,
  dateTask,
  generateHeldOut,
  generatePairs,
  loadTsvFile,
  makeBatches,
  splitBySource,
  tokenizerFromJSON,
  type EncodedPair,
  type Tokenizer,
  type TranslationPair,
} from '@seq2seq/datasets';
import type { TokenBatch, TranslationData } from '@seq2seq/seq2seq';

/** Where the pairs come from. */
export type DataSource = { kind: 'tsv'; path: string } | { kind: 'dates'; count: number; seed: number };

/** How a corpus is prepared; stored in the checkpoint so `eval` rebuilds the same splits. */
export interface DataConfig {
  source: DataSource;
  /** `'word'` for natural language, `'char'` for generated tasks. */
  tokens: 'word' | 'char';
  /** Minimum count for a word to enter a vocabulary. */
  minFrequency: number;
  /** Source sentences longer than this many tokens are left out of training. */
  maxSourceLength: number;
  /** Share of source sentences held out for dev and for test. */
  devFraction: number;
  testFraction: number;
  splitSeed: number;
}

/** Pairs and their splits. */
export interface PreparedData {
  train: TranslationPair[];
  dev: TranslationPair[];
  test: TranslationPair[];
}

/** Reads or generates the pairs and splits them by source sentence. */
export async function loadPairs(config: DataConfig): Promise<PreparedData> {
  if (config.source.kind === 'dates') {
    const task = dateTask();
    const train = generatePairs(task, config.source.count, config.source.seed);
    // Held-out days never appear in training, in any format.
    const held = generateHeldOut(task, Math.round(config.source.count * (config.devFraction + config.testFraction)), train, config.source.seed + 1, { distinctBy: 'target' });
    const nDev = Math.round(held.length * (config.devFraction / (config.devFraction + config.testFraction)));
    return { train, dev: held.slice(0, nDev), test: held.slice(nDev) };
  }
  const pairs = await loadTsvFile(config.source.path);
  if (pairs.length === 0) throw new DatasetError(`${config.source.path}: no sentence pairs (expected lines 'source<TAB>target[<TAB>attribution]')`);
  return splitBySource(pairs, { dev: config.devFraction, test: config.testFraction, random: config.splitSeed });
}

/**
 * The corpus a checkpoint records, for `eval` without `--data`: an absolute path as it is; a
 * relative one beside the checkpoint directory (how the shipped models record the corpus kept in
 * the repository), else from the working directory (how `train --data` records it).
 */
export function findStoredCorpus(path: string, modelDir: string): string {
  if (isAbsolute(path)) return path;
  const tried = [resolve(modelDir, path), resolve(path)];
  const found = tried.find((p) => existsSync(p));
  if (found === undefined) throw new DatasetError(`the corpus ${modelDir} was trained on is not at ${tried.join(' nor ')}; give it with --data FILE`);
  return found;
}

/** The tokenisers of a config: English/French word tokenisers, or characters. */
export function makeTokenizers(config: DataConfig): { source: Tokenizer; target: Tokenizer } {
  if (config.tokens === 'char') return { source: new CharTokenizer({ lowercase: false }), target: new CharTokenizer({ lowercase: false }) };
  return { source: new WordTokenizer({ language: 'en', lowercase: true }), target: new WordTokenizer({ language: 'fr', lowercase: true }) };
}

/** Builds vocabularies on the training pairs and the checkpoint's data record. */
export function buildTranslationData(train: readonly TranslationPair[], config: DataConfig): TranslationData {
  const tk = makeTokenizers(config);
  const sourceVocab = Vocabulary.build(train.map((p) => tk.source.tokenize(p.source)), { minFrequency: config.minFrequency });
  const targetVocab = Vocabulary.build(train.map((p) => tk.target.tokenize(p.target)), { minFrequency: config.minFrequency });
  return {
    sourceTokenizer: tk.source.toJSON(),
    targetTokenizer: tk.target.toJSON(),
    sourceVocab: sourceVocab.toJSON(),
    targetVocab: targetVocab.toJSON(),
    maxSourceLength: config.maxSourceLength,
  };
}

/** Encodes pairs into ids (pairs with an empty side or over the length limit are dropped). */
export function encodePairs(pairs: readonly TranslationPair[], data: TranslationData): EncodedPair[] {
  const st = tokenizerFromJSON(data.sourceTokenizer);
  const tt = tokenizerFromJSON(data.targetTokenizer);
  const sv = Vocabulary.fromJSON(data.sourceVocab);
  const tv = Vocabulary.fromJSON(data.targetVocab);
  const encoded: EncodedPair[] = [];
  for (const p of pairs) {
    const s = st.tokenize(p.source);
    const t = tt.tokenize(p.target);
    if (s.length === 0 || t.length === 0 || s.length > data.maxSourceLength || t.length > 2 * data.maxSourceLength) continue;
    encoded.push({ source: sv.encode(s, { addEos: true }), target: tv.encode(t, { addSos: true, addEos: true }) });
  }
  return encoded;
}

/** Padded batches; shuffled (seeded) and length-bucketed for training, length-sorted otherwise. */
export function batchesOf(encoded: readonly EncodedPair[], options: { batchSize: number; seed?: number; shuffle: boolean }): TokenBatch[] {
  return makeBatches(encoded, {
    batchSize: options.batchSize,
    random: options.shuffle ? (options.seed ?? 0) : undefined,
    bucketChunk: options.shuffle ? 50 : 1_000_000,
  });
}
