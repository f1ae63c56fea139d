/**
 * Configuration of {@link DependencyParser}: one typed record, every default documented, saved as
 * JSON in checkpoints. The defaults are a small biaffine parser (Dozat and Manning 2017) sized for
 * training on two CPU cores: character-aware word vectors into a 3-layer BiLSTM, and every word
 * pointing to its head.
 */
import { InputError } from '@seq2seq/core';

/** Version of the config format written into checkpoints. */
export const DEPENDENCY_PARSER_CONFIG_VERSION = 1;

/** Options of {@link DependencyParser}; every field has a default. */
export interface DependencyParserConfig {
  /** Format version. Default 1. */
  version?: number;
  /** Size of the embedding of frequent (lower-cased) words. Default 100. */
  wordEmbeddingSize?: number;
  /** Size of the character embedding. Default 32. */
  charEmbeddingSize?: number;
  /** Hidden size of each direction of the character BiLSTM that reads every word's characters. Default 64. */
  charHiddenSize?: number;
  /** Characters read per word: longer words keep their first and last `maxWordChars / 2`. Default 20. */
  maxWordChars?: number;
  /** Hidden size of each direction of the word BiLSTM encoder. Default 200. */
  hiddenSize?: number;
  /** Stacked BiLSTM layers of the encoder. Default 3. */
  numLayers?: number;
  /** Size of the head/dependent projections the biaffine head scorer compares. Default 256. */
  arcSize?: number;
  /** Size of the head/dependent projections the relation classifier reads. Default 128. */
  relationSize?: number;
  /** Dropout on the word vectors, between encoder layers and on the projections (training only). Default 0.33. */
  dropout?: number;
  /** Probability that a word is replaced by the unknown word in training (its characters stay). Default 0.25. */
  wordDropout?: number;
  /** Predict UPOS tags too (an extra softmax on the encoder; its loss is added). Default true. */
  tagUpos?: boolean;
  /** Longest sentence, in words, the parser accepts; longer ones are an error at parse time and skipped in training. Default 150. */
  maxWords?: number;
  /** Seed of the initialisation, dropout and word dropout. Default 0. */
  seed?: number;
}

/** A config with every field filled in. */
export type ResolvedDependencyParserConfig = Required<DependencyParserConfig>;

/** Fills in the defaults and checks every field; throws an {@link InputError} naming the field. */
export function resolveDependencyParserConfig(raw: DependencyParserConfig = {}): ResolvedDependencyParserConfig {
  const op = 'DependencyParser';
  if (raw == null || typeof raw !== 'object') throw new InputError(`${op}: the config must be an object`);
  const version = raw.version ?? DEPENDENCY_PARSER_CONFIG_VERSION;
  if (version !== DEPENDENCY_PARSER_CONFIG_VERSION) {
    throw new InputError(`${op}: config version ${String(version)} is not readable by this library (it reads version ${DEPENDENCY_PARSER_CONFIG_VERSION}); update @seq2seq/seq2seq`);
  }
  const int = (v: unknown, name: string, min: number): number => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new InputError(`${op}: '${name}' must be an integer >= ${min}, got ${String(v)}`);
    return v;
  };
  const rate = (v: unknown, name: string): number => {
    if (typeof v !== 'number' || !(v >= 0 && v < 1)) throw new InputError(`${op}: '${name}' must be in [0, 1), got ${String(v)}`);
    return v;
  };
  if (raw.tagUpos !== undefined && typeof raw.tagUpos !== 'boolean') throw new InputError(`${op}: 'tagUpos' must be a boolean, got ${String(raw.tagUpos)}`);
  return {
    version,
    wordEmbeddingSize: int(raw.wordEmbeddingSize ?? 100, 'wordEmbeddingSize', 1),
    charEmbeddingSize: int(raw.charEmbeddingSize ?? 32, 'charEmbeddingSize', 1),
    charHiddenSize: int(raw.charHiddenSize ?? 64, 'charHiddenSize', 1),
    maxWordChars: int(raw.maxWordChars ?? 20, 'maxWordChars', 2),
    hiddenSize: int(raw.hiddenSize ?? 200, 'hiddenSize', 1),
    numLayers: int(raw.numLayers ?? 3, 'numLayers', 1),
    arcSize: int(raw.arcSize ?? 256, 'arcSize', 1),
    relationSize: int(raw.relationSize ?? 128, 'relationSize', 1),
    dropout: rate(raw.dropout ?? 0.33, 'dropout'),
    wordDropout: rate(raw.wordDropout ?? 0.25, 'wordDropout'),
    tagUpos: raw.tagUpos ?? true,
    maxWords: int(raw.maxWords ?? 150, 'maxWords', 1),
    seed: int(raw.seed ?? 0, 'seed', 0),
  };
}
