/**
 * The configuration of an encoder-decoder, as one JSON-serialisable record (nanoGPT's
 * `GPTConfig`): a checkpoint stores it beside the weights and rebuilds the same model.
 */
import type { AttentionKind } from '@seq2seq/attention';
import type { CellType } from '@seq2seq/cells';
import { InputError } from '@seq2seq/core';

/** Initialisations of an embedding table (see {@link EncoderConfig.embeddingInit}). */
export type EmbeddingInit = 'normal' | 'uniform';

/** The decoder's attention: a kind from `@seq2seq/attention`, or `'none'` for the plain Sutskever et al. (2014) model. */
export type DecoderAttention = AttentionKind | 'none';

/** Encoder configuration. */
export interface EncoderConfig {
  /** Source vocabulary size (including specials). */
  vocabSize: number;
  /** Embedding width. Default 256. */
  embeddingSize?: number;
  /**
   * Initialisation of the embedding table: `'normal'` draws N(0, 1) (PyTorch's `nn.Embedding`),
   * so every word starts with a signal as strong as the recurrent state's; `'uniform'` draws
   * U(-0.08, 0.08) (Sutskever et al. 2014), which leaves rare words near zero for many updates.
   * Default `'normal'`.
   */
  embeddingInit?: EmbeddingInit;
  /** Recurrent cell. Default `'gru'`. */
  cell?: CellType;
  /** Hidden size per direction. Default 256. */
  hiddenSize?: number;
  /** Stacked layers. Default 1. */
  numLayers?: number;
  /** Read the source in both directions (outputs concatenated). Default true. */
  bidirectional?: boolean;
  /** Dropout on embeddings and between layers. Default 0. */
  dropout?: number;
  /** Residual connections between stacked layers (GNMT). Default false. */
  residual?: boolean;
  /** Feed the source reversed (Sutskever et al. 2014). Default false. */
  reverseSource?: boolean;
}

/** Decoder configuration. */
export interface DecoderConfig {
  /** Target vocabulary size (including specials). */
  vocabSize: number;
  /** Embedding width. Default 256. */
  embeddingSize?: number;
  /**
   * Initialisation of the embedding table: `'normal'` draws N(0, 1) (PyTorch's `nn.Embedding`),
   * so every word starts with a signal as strong as the recurrent state's; `'uniform'` draws
   * U(-0.08, 0.08) (Sutskever et al. 2014), which leaves rare words near zero for many updates.
   * Default `'normal'`.
   */
  embeddingInit?: EmbeddingInit;
  /** Recurrent cell. Default `'gru'`. */
  cell?: CellType;
  /** Hidden size. Default 512. */
  hiddenSize?: number;
  /** Stacked layers. Default 1. */
  numLayers?: number;
  /** Dropout on embeddings, between layers and before the output layer. Default 0. */
  dropout?: number;
  /** Attention over encoder states (Luong et al. 2015 global attention). Default `'general'`. */
  attention?: DecoderAttention;
  /**
   * Input feeding (Luong et al. 2015): the previous attentional state joins the next input. Costs
   * a step-by-step loop in training; without it, teacher-forced training runs the decoder's
   * recurrence with the fused sequence runner and attention as one batched matMul. Default false.
   */
  inputFeeding?: boolean;
  /** Width of the attentional state `tanh(Wc [c; h])`. Default `hiddenSize`. */
  attentionalSize?: number;
}

/** The whole model. */
export interface Seq2SeqConfig {
  encoder: EncoderConfig;
  decoder: DecoderConfig;
  /** How the decoder's initial state is made from the encoder's final state. Default `'linear'`. */
  bridge?: 'linear' | 'zeros';
  /** Seed of the initialisation. Default 0. */
  seed?: number;
}

/** A config with every default filled in. */
export interface ResolvedSeq2SeqConfig {
  encoder: Required<EncoderConfig>;
  decoder: Required<DecoderConfig>;
  bridge: 'linear' | 'zeros';
  seed: number;
}

const CELLS: readonly CellType[] = ['rnn', 'gru', 'lstm'];
const ATTENTIONS: readonly DecoderAttention[] = ['none', 'dot', 'scaledDot', 'general', 'additive'];

/** Field names of earlier releases, per section, and what they are called now. */
const RENAMED_FIELDS: Readonly<Record<string, string>> = { embeddingDim: 'embeddingSize' };

/**
 * A config written under older field names (`embeddingDim`, before the API contract) in today's
 * names; a current config comes back unchanged. Checkpoints are migrated when they are read, so
 * old ones keep loading. Throws an {@link InputError} when a section has both names of a field.
 */
export function migrateSeq2SeqConfig(config: Seq2SeqConfig): Seq2SeqConfig {
  if (config == null || typeof config !== 'object') return config;
  const section = <T extends object>(raw: T | undefined, name: string): T | undefined => {
    if (raw == null || typeof raw !== 'object') return raw;
    const out = { ...raw } as Record<string, unknown>;
    for (const [old, now] of Object.entries(RENAMED_FIELDS)) {
      if (!(old in out)) continue;
      if (now in out) throw new InputError(`Seq2Seq: ${name} has both '${old}' (its old name) and '${now}'; keep '${now}'`);
      out[now] = out[old];
      delete out[old];
    }
    return out as T;
  };
  return { ...config, encoder: section(config.encoder, 'encoder')!, decoder: section(config.decoder, 'decoder')! };
}

/**
 * Fills defaults and validates; throws {@link InputError} naming the offending field. Configs
 * under older field names are migrated first ({@link migrateSeq2SeqConfig}).
 */
export function resolveSeq2SeqConfig(config: Seq2SeqConfig): ResolvedSeq2SeqConfig {
  if (config == null || typeof config !== 'object' || !config.encoder || !config.decoder) {
    throw new InputError('Seq2Seq: config must be an object with `encoder` and `decoder` sections');
  }
  const migrated = migrateSeq2SeqConfig(config);
  const e = migrated.encoder;
  const d = migrated.decoder;
  const encoder: Required<EncoderConfig> = {
    vocabSize: e.vocabSize,
    embeddingSize: e.embeddingSize ?? 256,
    embeddingInit: e.embeddingInit ?? 'normal',
    cell: e.cell ?? 'gru',
    hiddenSize: e.hiddenSize ?? 256,
    numLayers: e.numLayers ?? 1,
    bidirectional: e.bidirectional ?? true,
    dropout: e.dropout ?? 0,
    residual: e.residual ?? false,
    reverseSource: e.reverseSource ?? false,
  };
  const hiddenSize = d.hiddenSize ?? 512;
  const decoder: Required<DecoderConfig> = {
    vocabSize: d.vocabSize,
    embeddingSize: d.embeddingSize ?? 256,
    embeddingInit: d.embeddingInit ?? 'normal',
    cell: d.cell ?? 'gru',
    hiddenSize,
    numLayers: d.numLayers ?? 1,
    dropout: d.dropout ?? 0,
    attention: d.attention ?? 'general',
    inputFeeding: d.inputFeeding ?? false,
    attentionalSize: d.attentionalSize ?? hiddenSize,
  };
  for (const [section, c] of [['encoder', encoder], ['decoder', decoder]] as const) {
    for (const field of ['vocabSize', 'embeddingSize', 'hiddenSize', 'numLayers'] as const) {
      const v = c[field];
      if (!Number.isInteger(v) || v < 1) throw new InputError(`Seq2Seq: ${section}.${field} must be a positive integer, got ${String(v)}`);
    }
    if (c.embeddingInit !== 'normal' && c.embeddingInit !== 'uniform') {
      throw new InputError(`Seq2Seq: ${section}.embeddingInit must be 'normal' or 'uniform', got '${String(c.embeddingInit)}'`);
    }
    if (!CELLS.includes(c.cell)) throw new InputError(`Seq2Seq: ${section}.cell must be one of ${CELLS.join(', ')}, got '${String(c.cell)}'`);
    if (!(c.dropout >= 0 && c.dropout < 1)) throw new InputError(`Seq2Seq: ${section}.dropout must be in [0, 1), got ${c.dropout}`);
  }
  if (!ATTENTIONS.includes(decoder.attention)) {
    throw new InputError(`Seq2Seq: decoder.attention must be one of ${ATTENTIONS.join(', ')}, got '${String(decoder.attention)}'`);
  }
  const encoderWidth = encoder.hiddenSize * (encoder.bidirectional ? 2 : 1);
  if ((decoder.attention === 'dot' || decoder.attention === 'scaledDot') && encoderWidth !== decoder.hiddenSize) {
    throw new InputError(
      `Seq2Seq: '${decoder.attention}' attention needs encoder states as wide as the decoder's (${encoderWidth} vs decoder.hiddenSize ${decoder.hiddenSize}); use 'general' or 'additive', or match the sizes`,
    );
  }
  if (decoder.inputFeeding && decoder.attention === 'none') {
    throw new InputError('Seq2Seq: decoder.inputFeeding needs attention (decoder.attention is \'none\')');
  }
  return { encoder, decoder, bridge: config.bridge ?? 'linear', seed: config.seed ?? 0 };
}
