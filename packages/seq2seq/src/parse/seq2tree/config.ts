/**
 * Configuration of {@link TreeGenerator}: one typed record, every default documented, saved as
 * JSON in checkpoints. The encoder fields mean what they mean for `DependencyParser` (the same
 * word encoder); the decoder fields size the attention LSTM that writes the bracketed tree.
 */
import { InputError } from '@seq2seq/core';

/** Version of the config format written into checkpoints. */
export const TREE_GENERATOR_CONFIG_VERSION = 1;

/** Options of {@link TreeGenerator}; every field has a default. */
export interface TreeGeneratorConfig {
  /** Format version. Default 1. */
  version?: number;
  /** Size of the embedding of frequent (lower-cased) words. Default 100. */
  wordEmbeddingSize?: number;
  /** Size of the character embedding. Default 32. */
  charEmbeddingSize?: number;
  /** Hidden size of each direction of the character BiLSTM. Default 64. */
  charHiddenSize?: number;
  /** Characters read per word: longer words keep their first and last `maxWordChars / 2`. Default 20. */
  maxWordChars?: number;
  /** Hidden size of each direction of the word BiLSTM encoder. Default 200. */
  hiddenSize?: number;
  /** Stacked BiLSTM layers of the encoder. Default 3. */
  numLayers?: number;
  /** Size of the embedding of the output tokens (`(rel`, `XX`, `)`). Default 64. */
  tokenEmbeddingSize?: number;
  /** Hidden size of the (one-layer, unidirectional) LSTM decoder. Default 256. */
  decoderHiddenSize?: number;
  /** Size of the attentional vector `tanh(W_c [context; h])` the output layer reads. Default 256. */
  attentionalSize?: number;
  /** Relative positions (word - next word) with their own attention bias: offsets in [-w, w], the rest clipped. Default 4. */
  positionWindow?: number;
  /** Dropout on the word vectors, the encoder output and the decoder's vectors (training only). Default 0.33. */
  dropout?: number;
  /** Probability that a word is replaced by the unknown word in training (its characters stay). Default 0.25. */
  wordDropout?: number;
  /** Longest sentence, in words, the model accepts; longer ones are an error at parse time and skipped in training. Default 150. */
  maxWords?: number;
  /** Seed of the initialisation, dropout and word dropout. Default 0. */
  seed?: number;
}

/** A config with every field filled in. */
export type ResolvedTreeGeneratorConfig = Required<TreeGeneratorConfig>;

/** Fills in the defaults and checks every field; throws an {@link InputError} naming the field. */
export function resolveTreeGeneratorConfig(raw: TreeGeneratorConfig = {}): ResolvedTreeGeneratorConfig {
  const op = 'TreeGenerator';
  if (raw == null || typeof raw !== 'object') throw new InputError(`${op}: the config must be an object`);
  const version = raw.version ?? TREE_GENERATOR_CONFIG_VERSION;
  if (version !== TREE_GENERATOR_CONFIG_VERSION) {
    throw new InputError(`${op}: config version ${String(version)} is not readable by this library (it reads version ${TREE_GENERATOR_CONFIG_VERSION}); update @seq2seq/seq2seq`);
  }
  const int = (v: unknown, name: string, min: number): number => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new InputError(`${op}: '${name}' must be an integer >= ${min}, got ${String(v)}`);
    return v;
  };
  const rate = (v: unknown, name: string): number => {
    if (typeof v !== 'number' || !(v >= 0 && v < 1)) throw new InputError(`${op}: '${name}' must be in [0, 1), got ${String(v)}`);
    return v;
  };
  return {
    version,
    wordEmbeddingSize: int(raw.wordEmbeddingSize ?? 100, 'wordEmbeddingSize', 1),
    charEmbeddingSize: int(raw.charEmbeddingSize ?? 32, 'charEmbeddingSize', 1),
    charHiddenSize: int(raw.charHiddenSize ?? 64, 'charHiddenSize', 1),
    maxWordChars: int(raw.maxWordChars ?? 20, 'maxWordChars', 2),
    hiddenSize: int(raw.hiddenSize ?? 200, 'hiddenSize', 1),
    numLayers: int(raw.numLayers ?? 3, 'numLayers', 1),
    tokenEmbeddingSize: int(raw.tokenEmbeddingSize ?? 64, 'tokenEmbeddingSize', 1),
    decoderHiddenSize: int(raw.decoderHiddenSize ?? 256, 'decoderHiddenSize', 1),
    attentionalSize: int(raw.attentionalSize ?? 256, 'attentionalSize', 1),
    positionWindow: int(raw.positionWindow ?? 4, 'positionWindow', 0),
    dropout: rate(raw.dropout ?? 0.33, 'dropout'),
    wordDropout: rate(raw.wordDropout ?? 0.25, 'wordDropout'),
    maxWords: int(raw.maxWords ?? 150, 'maxWords', 1),
    seed: int(raw.seed ?? 0, 'seed', 0),
  };
}
