/**
 * Configuration of {@link CharLanguageModel}: one typed record, every default documented. The
 * defaults are the model of the char-RNN exercise (Karpathy 2015's char-rnn as taught in the
 * lecture): one-hot characters into a 2-layer LSTM of 512 units, dropout 0.5, a linear readout.
 * {@link CHAR_LM_REFERENCE_TRAINING} is that exercise's training setup.
 */
import { InputError } from '@seq2seq/core';
import type { CellType } from '@seq2seq/cells';

/** Version of the config format written into checkpoints. */
export const CHAR_LM_CONFIG_VERSION = 1;

/** Options of {@link CharLanguageModel}; every field has a default. Saved as JSON in checkpoints. */
export interface CharLanguageModelConfig {
  /** Format version; {@link migrateCharLanguageModelConfig} brings older configs up to date. Default 1. */
  version?: number;
  /** Number of character ids. Default 98, the size of `CharVocabulary` (`@seq2seq/datasets`). */
  vocabSize?: number;
  /**
   * Size of a learned character embedding, or `null` for one-hot input vectors (the exercise's
   * choice; the first layer's kernel then plays the embedding's part). Default `null`.
   */
  embeddingSize?: number | null;
  /** Recurrent cell: `'lstm'`, `'gru'` or the lecture's plain `'rnn'`. Default `'lstm'`. */
  cell?: CellType;
  /** Units per recurrent layer. Default 512. */
  hiddenSize?: number;
  /** Stacked recurrent layers. Default 2. */
  numLayers?: number;
  /** Dropout rate between recurrent layers and before the readout, in training mode. Default 0.5. */
  dropout?: number;
  /** Seed of the initialisation and of the dropout masks. Default 0. */
  seed?: number;
}

/** A config with every field filled in. */
export type ResolvedCharLanguageModelConfig = Required<CharLanguageModelConfig>;

/** The training setup of the exercise: sequences of 100, batch 128, Adam 1e-3, gradient clip 5. */
export const CHAR_LM_REFERENCE_TRAINING = Object.freeze({
  /** Time steps per TBPTT window. */
  seqLen: 100,
  /** Rows (contiguous stretches of the text) per batch. */
  batchSize: 128,
  /** Adam's learning rate. */
  lr: 1e-3,
  /** Global gradient-norm clip. */
  clipNorm: 5,
});

const CELLS: readonly CellType[] = ['rnn', 'gru', 'lstm'];

/**
 * A saved config in today's format; a current config comes back unchanged (a copy). A config
 * without `version` is version 1. Throws an {@link InputError} for a version newer than this
 * library reads. Future renames of fields go here, so saved models keep loading.
 */
export function migrateCharLanguageModelConfig(config: CharLanguageModelConfig): CharLanguageModelConfig {
  if (config == null || typeof config !== 'object') return config;
  const version = config.version ?? 1;
  if (version !== CHAR_LM_CONFIG_VERSION) {
    throw new InputError(`CharLanguageModel: config version ${String(version)} is not readable by this library (it reads version ${CHAR_LM_CONFIG_VERSION}); update @seq2seq/seq2seq`);
  }
  return { ...config, version };
}

/** Fills in the defaults and checks every field; throws an {@link InputError} naming the field. */
export function resolveCharLanguageModelConfig(raw: CharLanguageModelConfig = {}): ResolvedCharLanguageModelConfig {
  if (raw == null || typeof raw !== 'object') throw new InputError('CharLanguageModel: the config must be an object');
  const c = migrateCharLanguageModelConfig(raw);
  const int = (v: unknown, name: string, min: number): number => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new InputError(`CharLanguageModel: '${name}' must be an integer >= ${min}, got ${String(v)}`);
    return v;
  };
  const cell = c.cell ?? 'lstm';
  if (!CELLS.includes(cell)) throw new InputError(`CharLanguageModel: 'cell' must be one of ${CELLS.join(', ')}, got ${JSON.stringify(cell)}`);
  const dropout = c.dropout ?? 0.5;
  if (typeof dropout !== 'number' || !(dropout >= 0 && dropout < 1)) throw new InputError(`CharLanguageModel: 'dropout' must be in [0, 1), got ${String(dropout)}`);
  const embeddingSize = c.embeddingSize === undefined || c.embeddingSize === null ? null : int(c.embeddingSize, 'embeddingSize', 1);
  return {
    version: CHAR_LM_CONFIG_VERSION,
    vocabSize: int(c.vocabSize ?? 98, 'vocabSize', 2),
    embeddingSize,
    cell,
    hiddenSize: int(c.hiddenSize ?? 512, 'hiddenSize', 1),
    numLayers: int(c.numLayers ?? 2, 'numLayers', 1),
    dropout,
    seed: int(c.seed ?? 0, 'seed', 0),
  };
}
