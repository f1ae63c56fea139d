/**
 * Configuration of {@link GlimpseReader}: one typed record, every default documented, JSON as saved
 * in checkpoints. The defaults read the digit strings of `@seq2seq/datasets` (160x48 gray
 * canvases, up to 5 digits): three glimpses per output token, each an 8x8 retina at three scales
 * (8, 16 and 32 pixels across), two LSTMs of 256 units.
 */
import { InputError, checkInt, checkNumber } from '@seq2seq/core';

/** Version of the config format written into checkpoints. */
export const GLIMPSE_READER_CONFIG_VERSION = 1;

/** Options of {@link GlimpseReader}; every field has a default. Saved as JSON in checkpoints. */
export interface GlimpseReaderConfig {
  /** Format version. Default 1. */
  version?: number;
  /** Image height in pixels (every input must have it). Default 48. */
  height?: number;
  /** Image width in pixels. Default 160. */
  width?: number;
  /** Output token ids, specials included (0 = padding, 1 = `<sos>`, 2 = `<eos>`). Default 13 (digits). */
  vocabSize?: number;
  /** Filters per side of the retina: every scale reads an N x N patch. Default 8. */
  glimpseSize?: number;
  /**
   * The retina's scales: the distance between neighbouring filters, in pixels, one N x N patch per
   * scale, all centred on the glimpse location (Ba et al. 2014's multi-resolution glimpse). Each
   * filter is a Gaussian of sigma half its stride. Default `[1, 2, 4]` (8, 16, 32 pixels across).
   */
  scales?: number[];
  /** Glimpses taken before each output token is emitted. Default 3. */
  glimpsesPerToken?: number;
  /** Units of the glimpse network's features `g_n` (and of its hidden layer). Default 256. */
  glimpseFeatures?: number;
  /** Units of each of the two LSTMs (`r^(1)` classifies, `r^(2)` chooses where to look). Default 256. */
  hiddenSize?: number;
  /**
   * The context network reads the image average-pooled by this factor (both axes) into
   * `r^(2)`'s initial state, so that the first glimpse has somewhere to go. Default 4.
   */
  contextPool?: number;
  /**
   * Standard deviation of the Gaussian location policy in training, in the filterbank's
   * coordinates (-1 and +1 are the image's edges). Default 0.1.
   */
  locationStd?: number;
  /** Seed of the initialisation. Default 0. */
  seed?: number;
}

/** A config with every field filled in. */
export type ResolvedGlimpseReaderConfig = Required<GlimpseReaderConfig>;

/** Fills in the defaults and checks every field; throws an {@link InputError} naming the field. */
export function resolveGlimpseReaderConfig(raw: GlimpseReaderConfig = {}): ResolvedGlimpseReaderConfig {
  const op = 'GlimpseReader';
  if (raw == null || typeof raw !== 'object') throw new InputError(`${op}: the config must be an object`);
  const version = raw.version ?? GLIMPSE_READER_CONFIG_VERSION;
  if (version !== GLIMPSE_READER_CONFIG_VERSION) {
    throw new InputError(`${op}: config version ${String(version)} is not readable by this library (it reads version ${GLIMPSE_READER_CONFIG_VERSION}); update @seq2seq/seq2seq`);
  }
  const scales = raw.scales ?? [1, 2, 4];
  if (!Array.isArray(scales) || scales.length === 0) throw new InputError(`${op}: 'scales' must be a non-empty array of strides in pixels, got ${JSON.stringify(scales)}`);
  scales.forEach((s, i) => checkNumber(s, `scales[${i}]`, op, 0.01));
  const height = checkInt(raw.height ?? 48, 'height', op, 2);
  const width = checkInt(raw.width ?? 160, 'width', op, 2);
  const contextPool = checkInt(raw.contextPool ?? 4, 'contextPool', op, 1);
  if (contextPool > Math.min(height, width)) throw new InputError(`${op}: 'contextPool' must be at most the image's shorter side (${Math.min(height, width)}), got ${contextPool}`);
  return {
    version,
    height,
    width,
    vocabSize: checkInt(raw.vocabSize ?? 13, 'vocabSize', op, 4),
    glimpseSize: checkInt(raw.glimpseSize ?? 8, 'glimpseSize', op, 2),
    scales: [...scales],
    glimpsesPerToken: checkInt(raw.glimpsesPerToken ?? 3, 'glimpsesPerToken', op, 1),
    glimpseFeatures: checkInt(raw.glimpseFeatures ?? 256, 'glimpseFeatures', op, 1),
    hiddenSize: checkInt(raw.hiddenSize ?? 256, 'hiddenSize', op, 1),
    contextPool,
    locationStd: checkNumber(raw.locationStd ?? 0.1, 'locationStd', op, 1e-4, 2),
    seed: checkInt(raw.seed ?? 0, 'seed', op, 0),
  };
}
