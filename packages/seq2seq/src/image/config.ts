/**
 * Configuration of {@link ImageToSequence}: one typed record, every default documented, JSON as
 * saved in checkpoints. The defaults read the digit strings of `@seq2seq/datasets` (160x48 gray
 * canvases, up to 5 digits): a small ResNet that downsamples by 8 to a 6x20 grid of 64-channel
 * features, learned position embeddings, and a 1-layer LSTM of 128 units with input feeding.
 */
import { InputError } from '@seq2seq/core';
import type { CellType } from '@seq2seq/cells';
import type { AttentionKind } from '@seq2seq/attention';

/** Version of the config format written into checkpoints. */
export const IMAGE_TO_SEQUENCE_CONFIG_VERSION = 1;

/** How the encoder tells the decoder where each feature-map position lies. */
export type PositionEncoding = 'learned' | 'coordinates' | 'none';

/** Normalisation inside the convolutional encoder's blocks. */
export type ConvNorm = 'batch' | 'group' | 'none';

/** Options of {@link ImageToSequence}; every field has a default. Saved as JSON in checkpoints. */
export interface ImageToSequenceConfig {
  /** Format version; {@link migrateImageToSequenceConfig} brings older configs up to date. Default 1. */
  version?: number;
  /** Image height in pixels (every input must have it). Default 48. */
  height?: number;
  /** Image width in pixels. Default 160. */
  width?: number;
  /** Image channels (1 = gray). Default 1. */
  channels?: number;
  /** Output token ids, specials included (0 = padding, 1 = `<sos>`, 2 = `<eos>`). Default 13 (digits). */
  vocabSize?: number;
  /** Channels of the stem convolution (3x3). Default 16. */
  stemChannels?: number;
  /** Stride of the stem convolution. Default 2. */
  stemStride?: number;
  /**
   * Output channels of each stage of ResNet basic blocks; every stage starts with a stride-2
   * block, so the feature map is the image downsampled by `stemStride * 2^stages`. Default `[32, 64]`.
   */
  stageChannels?: number[];
  /** ResNet basic blocks per stage. Default 2. */
  blocksPerStage?: number;
  /**
   * Anti-aliased downsampling (Zhang 2019): every strided layer (the stem and each stage's first
   * block) runs its convolution at stride 1 and blur-pools after its ReLU (`blurPool2d` of
   * `@seq2seq/blocks`), so that features change less when the image moves by a pixel. The weights
   * are the same as without it. Default `false`.
   */
  antialias?: boolean;
  /** Normalisation in the blocks: `'batch'`, `'group'` or `'none'`. Default `'batch'`. */
  norm?: ConvNorm;
  /**
   * Position information added to the features: `'learned'` embeddings per grid position (added),
   * `'coordinates'` (two channels x, y in [-1, 1] appended) or `'none'`. Default `'learned'`.
   */
  positions?: PositionEncoding;
  /** Recurrent cell of the decoder. Default `'lstm'`. */
  cell?: CellType;
  /** Size of a token embedding. Default 32. */
  embeddingSize?: number;
  /** Units of the decoder. Default 128. */
  hiddenSize?: number;
  /** Attention score. Default `'general'` (`e^T W d`). */
  attention?: AttentionKind;
  /** Size of the attentional state `h~ = tanh(W [c; d])`. Default `hiddenSize`. */
  attentionalSize?: number;
  /**
   * Feed the previous `h~` into the next decoder input (Luong et al. 2015; Show, Attend and Tell
   * feeds the context): the decoder knows where it looked last. Default true.
   */
  inputFeeding?: boolean;
  /**
   * The decoder's initial state also reads an attention-pooled summary of the features: a learned
   * query scores every position, and `h_0 = tanh(W_h mean a + V_h sum_p alpha_p a_p)` (`c_0`
   * likewise). `V` starts at zero, so a model grown with it from one without (`--init-from`)
   * reads as before until it trains. For the first output step, whose query is `h_0` alone.
   * Default false: `h_0 = tanh(W_h mean a)`.
   */
  initialAttention?: boolean;
  /** Dropout before the readout, in training mode. Default 0. */
  dropout?: number;
  /** Seed of the initialisation and of the dropout masks. Default 0. */
  seed?: number;
}

/** A config with every field filled in. */
export type ResolvedImageToSequenceConfig = Required<ImageToSequenceConfig>;

const CELLS: readonly CellType[] = ['rnn', 'gru', 'lstm'];
const NORMS: readonly ConvNorm[] = ['batch', 'group', 'none'];
const POSITIONS: readonly PositionEncoding[] = ['learned', 'coordinates', 'none'];
const ATTENTIONS: readonly AttentionKind[] = ['dot', 'scaledDot', 'general', 'additive'];

/** A saved config in today's format (a copy); throws an {@link InputError} for a newer version. */
export function migrateImageToSequenceConfig(config: ImageToSequenceConfig): ImageToSequenceConfig {
  if (config == null || typeof config !== 'object') return config;
  const version = config.version ?? 1;
  if (version !== IMAGE_TO_SEQUENCE_CONFIG_VERSION) {
    throw new InputError(`ImageToSequence: config version ${String(version)} is not readable by this library (it reads version ${IMAGE_TO_SEQUENCE_CONFIG_VERSION}); update @seq2seq/seq2seq`);
  }
  return { ...config, version };
}

/** Fills in the defaults and checks every field; throws an {@link InputError} naming the field. */
export function resolveImageToSequenceConfig(raw: ImageToSequenceConfig = {}): ResolvedImageToSequenceConfig {
  const op = 'ImageToSequence';
  if (raw == null || typeof raw !== 'object') throw new InputError(`${op}: the config must be an object`);
  const c = migrateImageToSequenceConfig(raw);
  const int = (v: unknown, name: string, min: number): number => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new InputError(`${op}: '${name}' must be an integer >= ${min}, got ${JSON.stringify(v)}`);
    return v;
  };
  const oneOf = <T extends string>(v: unknown, options: readonly T[], name: string): T => {
    if (!options.includes(v as T)) throw new InputError(`${op}: '${name}' must be one of ${options.join(', ')}, got ${JSON.stringify(v)}`);
    return v as T;
  };
  const stageChannels = c.stageChannels ?? [32, 64];
  if (!Array.isArray(stageChannels)) throw new InputError(`${op}: 'stageChannels' must be an array of channel counts, got ${JSON.stringify(stageChannels)}`);
  stageChannels.forEach((n, i) => int(n, `stageChannels[${i}]`, 1));
  const dropout = c.dropout ?? 0;
  if (typeof dropout !== 'number' || !(dropout >= 0 && dropout < 1)) throw new InputError(`${op}: 'dropout' must be in [0, 1), got ${JSON.stringify(dropout)}`);
  const antialias = c.antialias ?? false;
  if (typeof antialias !== 'boolean') throw new InputError(`${op}: 'antialias' must be a boolean, got ${JSON.stringify(antialias)}`);
  const initialAttention = c.initialAttention ?? false;
  if (typeof initialAttention !== 'boolean') throw new InputError(`${op}: 'initialAttention' must be a boolean, got ${JSON.stringify(initialAttention)}`);
  const inputFeeding = c.inputFeeding ?? true;
  if (typeof inputFeeding !== 'boolean') throw new InputError(`${op}: 'inputFeeding' must be a boolean, got ${JSON.stringify(inputFeeding)}`);
  const hiddenSize = int(c.hiddenSize ?? 128, 'hiddenSize', 1);
  const resolved: ResolvedImageToSequenceConfig = {
    version: IMAGE_TO_SEQUENCE_CONFIG_VERSION,
    height: int(c.height ?? 48, 'height', 1),
    width: int(c.width ?? 160, 'width', 1),
    channels: int(c.channels ?? 1, 'channels', 1),
    vocabSize: int(c.vocabSize ?? 13, 'vocabSize', 4),
    stemChannels: int(c.stemChannels ?? 16, 'stemChannels', 1),
    stemStride: int(c.stemStride ?? 2, 'stemStride', 1),
    stageChannels: [...stageChannels],
    blocksPerStage: int(c.blocksPerStage ?? 2, 'blocksPerStage', 1),
    antialias,
    norm: oneOf(c.norm ?? 'batch', NORMS, 'norm'),
    positions: oneOf(c.positions ?? 'learned', POSITIONS, 'positions'),
    cell: oneOf(c.cell ?? 'lstm', CELLS, 'cell'),
    embeddingSize: int(c.embeddingSize ?? 32, 'embeddingSize', 1),
    hiddenSize,
    attention: oneOf(c.attention ?? 'general', ATTENTIONS, 'attention'),
    attentionalSize: int(c.attentionalSize ?? hiddenSize, 'attentionalSize', 1),
    inputFeeding,
    initialAttention,
    dropout,
    seed: int(c.seed ?? 0, 'seed', 0),
  };
  return resolved;
}

/** The feature map's grid (`'same'` padding: every stride-s layer maps n to ceil(n / s)). */
export function featureGrid(config: Pick<ResolvedImageToSequenceConfig, 'height' | 'width' | 'stemStride' | 'stageChannels'>): { height: number; width: number } {
  let { height, width } = config;
  height = Math.ceil(height / config.stemStride);
  width = Math.ceil(width / config.stemStride);
  for (let i = 0; i < config.stageChannels.length; i++) {
    height = Math.ceil(height / 2);
    width = Math.ceil(width / 2);
  }
  return { height, width };
}
