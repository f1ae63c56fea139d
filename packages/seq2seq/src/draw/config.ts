/**
 * Configuration of {@link Draw}: one typed record, every default documented, JSON as saved in
 * checkpoints. The defaults are the paper's MNIST model (Gregor et al. 2015, table 3: 28x28,
 * LSTMs of 256 units, 100 latents, read 2x2, write 5x5) with 16 glimpses instead of 64, a size
 * that trains on a CPU.
 */
import { InputError } from '@seq2seq/core';

/** Version of the config format written into checkpoints. */
export const DRAW_CONFIG_VERSION = 1;

/** Options of {@link Draw}; every field has a default. Saved as JSON in checkpoints. */
export interface DrawConfig {
  /** Format version; {@link migrateDrawConfig} brings older configs up to date. Default 1. */
  version?: number;
  /** Image width A in pixels. Default 28 (MNIST). */
  width?: number;
  /** Image height B in pixels. Default 28. */
  height?: number;
  /** Glimpses T: steps of the encoder, the decoder and the canvas. Default 16 (the paper uses 64). */
  steps?: number;
  /** Units of the encoder LSTM and of the decoder LSTM. Default 256 (the paper's). */
  hiddenSize?: number;
  /** Size of each step's latent z_t. Default 100 (the paper's). */
  latentSize?: number;
  /** Filters per side N of the read glimpse (N x N). Default 2 (the paper's MNIST model). */
  readSize?: number;
  /** Filters per side N of the write patch (N x N). Default 5 (the paper's MNIST model). */
  writeSize?: number;
  /**
   * Read and write through Gaussian filterbanks (true) or read the whole image and write a whole
   * canvas update each step (false, the paper's "DRAW without attention"). Default true.
   */
  attention?: boolean;
  /**
   * Where the read and write windows start. `'cover'`: each window covers the whole image (its
   * grid points at the centres of N equal cells, sigma half a stride; `coveringWindow` of
   * `@seq2seq/attention`), so the first glimpses read a blurred whole image and the gradients say
   * where to look; the write window starts with unit gain (a patch value of 1 adds about 1 to
   * the canvas logits at its filter's centre; at the paper's intensity 1 a 5 x 5 write over 28 x 28
   * adds about 1/50 of it, and learning the missing log gamma of -4 takes thousands of steps). `'paper'`: the five window parameters start at 0, so the grid spans edge to edge
   * with sharp filters (a 2 x 2 read then sees four blank corner pixels of an MNIST digit; trained
   * so, the model learnt slowly and left its latents almost unused: 188 nats after 7 epochs).
   * Default `'cover'`.
   */
  windowInit?: 'cover' | 'paper';
  /** Seed of the initialisation. Default 0. */
  seed?: number;
}

/** A config with every field filled in. */
export type ResolvedDrawConfig = Required<DrawConfig>;

/** A saved config in today's format (a copy); throws an {@link InputError} for a newer version. */
export function migrateDrawConfig(config: DrawConfig): DrawConfig {
  if (config == null || typeof config !== 'object') return config;
  const version = config.version ?? 1;
  if (version !== DRAW_CONFIG_VERSION) {
    throw new InputError(`Draw: config version ${String(version)} is not readable by this library (it reads version ${DRAW_CONFIG_VERSION}); update @seq2seq/seq2seq`);
  }
  return { ...config, version };
}

/** Fills in the defaults and checks every field; throws an {@link InputError} naming the field. */
export function resolveDrawConfig(raw: DrawConfig = {}): ResolvedDrawConfig {
  const op = 'Draw';
  if (raw == null || typeof raw !== 'object') throw new InputError(`${op}: the config must be an object`);
  const c = migrateDrawConfig(raw);
  const int = (v: unknown, name: string, min: number): number => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new InputError(`${op}: '${name}' must be an integer >= ${min}, got ${JSON.stringify(v)}`);
    return v;
  };
  const attention = c.attention ?? true;
  if (typeof attention !== 'boolean') throw new InputError(`${op}: 'attention' must be a boolean, got ${JSON.stringify(attention)}`);
  const windowInit = c.windowInit ?? 'cover';
  if (windowInit !== 'cover' && windowInit !== 'paper') throw new InputError(`${op}: 'windowInit' must be 'cover' or 'paper', got ${JSON.stringify(windowInit)}`);
  return {
    version: DRAW_CONFIG_VERSION,
    width: int(c.width ?? 28, 'width', 1),
    height: int(c.height ?? 28, 'height', 1),
    steps: int(c.steps ?? 16, 'steps', 1),
    hiddenSize: int(c.hiddenSize ?? 256, 'hiddenSize', 1),
    latentSize: int(c.latentSize ?? 100, 'latentSize', 1),
    readSize: int(c.readSize ?? 2, 'readSize', 1),
    writeSize: int(c.writeSize ?? 5, 'writeSize', 1),
    attention,
    windowInit,
    seed: int(c.seed ?? 0, 'seed', 0),
  };
}
