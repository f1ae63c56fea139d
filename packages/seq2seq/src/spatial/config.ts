/**
 * Configuration of {@link RecurrentImageDensity}: one typed record, every default documented, JSON
 * as saved in checkpoints. The defaults model binarised MNIST (2 levels): a causal neighbourhood
 * of radius 2 (12 pixels), one spatial LSTM layer of 64 units and a readout of 64 units.
 */
import { InputError } from '@seq2seq/core';

/** Version of the config format written into checkpoints. */
export const RECURRENT_IMAGE_DENSITY_CONFIG_VERSION = 1;

/** Options of {@link RecurrentImageDensity}; every field has a default. Saved as JSON in checkpoints. */
export interface RecurrentImageDensityConfig {
  /** Format version; {@link migrateRecurrentImageDensityConfig} brings older configs up to date. Default 1. */
  version?: number;
  /**
   * Intensity levels K: a pixel is an integer in [0, K) and each conditional a categorical over
   * the K levels. Default 2 (binarised images); 8 to 16 suit gray textures.
   */
  levels?: number;
  /**
   * Radius r of the causal neighbourhood the LSTM reads at (i, j): the pixels of the r rows above
   * from column j - r to j + r, and the r pixels to the left in row i; 2 r (r + 1) pixels. Default 2.
   */
  radius?: number;
  /** Units of each spatial LSTM layer. Default 64. */
  hiddenSize?: number;
  /** Spatial LSTM layers. Default 1. */
  numLayers?: number;
  /** Units of the readout's hidden layer (tanh) before the K logits; 0 for a linear readout. Default 64. */
  readoutSize?: number;
  /** Seed of the initialisation. Default 0. */
  seed?: number;
}

/** A config with every field filled in. */
export type ResolvedRecurrentImageDensityConfig = Required<RecurrentImageDensityConfig>;

/** A saved config in today's format (a copy); throws an {@link InputError} for a newer version. */
export function migrateRecurrentImageDensityConfig(config: RecurrentImageDensityConfig): RecurrentImageDensityConfig {
  if (config == null || typeof config !== 'object') return config;
  const version = config.version ?? 1;
  if (version !== RECURRENT_IMAGE_DENSITY_CONFIG_VERSION) {
    throw new InputError(`RecurrentImageDensity: config version ${String(version)} is not readable by this library (it reads version ${RECURRENT_IMAGE_DENSITY_CONFIG_VERSION}); update @seq2seq/seq2seq`);
  }
  return { ...config, version };
}

/** Fills in the defaults and checks every field; throws an {@link InputError} naming the field. */
export function resolveRecurrentImageDensityConfig(raw: RecurrentImageDensityConfig = {}): ResolvedRecurrentImageDensityConfig {
  const op = 'RecurrentImageDensity';
  if (raw == null || typeof raw !== 'object') throw new InputError(`${op}: the config must be an object`);
  const c = migrateRecurrentImageDensityConfig(raw);
  const int = (v: unknown, name: string, min: number, max = 1 << 16): number => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new InputError(`${op}: '${name}' must be an integer in [${min}, ${max}], got ${JSON.stringify(v)}`);
    return v;
  };
  return {
    version: RECURRENT_IMAGE_DENSITY_CONFIG_VERSION,
    levels: int(c.levels ?? 2, 'levels', 2, 256),
    radius: int(c.radius ?? 2, 'radius', 1, 16),
    hiddenSize: int(c.hiddenSize ?? 64, 'hiddenSize', 1),
    numLayers: int(c.numLayers ?? 1, 'numLayers', 1, 8),
    readoutSize: int(c.readoutSize ?? 64, 'readoutSize', 0),
    seed: int(c.seed ?? 0, 'seed', 0, 2 ** 31),
  };
}
