/**
 * Configuration of {@link Painter}: one typed record, every default documented, JSON as saved in
 * checkpoints. The defaults paint 28x28 MNIST digits with 8 strokes: a conv encoder of [target,
 * canvas, x, y] (two stride-2 3x3 convolutions of 16 and 32 channels, then 128 features), an LSTM
 * of 128 units, strokes 0.04 to 0.2 of the side wide, composited by `screen`, a BCE loss on the
 * final canvas.
 */
import { InputError } from '@seq2seq/core';
import { checkCompositing, type Compositing } from './composite';

/** Version of the config format written into checkpoints. */
export const PAINTER_CONFIG_VERSION = 1;

/** How the policy sees `[target, canvas]`: convolutions over the image, or an MLP of its pixels. */
export type PainterEncoderKind = 'conv' | 'mlp';

/** Reconstruction loss per pixel: binary cross-entropy or squared error. */
export type PainterLoss = 'bce' | 'mse';

/** Options of {@link Painter}; every field has a default. Saved as JSON in checkpoints. */
export interface PainterConfig {
  /** Format version; {@link migratePainterConfig} brings older configs up to date. Default 1. */
  version?: number;
  /** Side of the (square) canvas and target images, in pixels. Default 28 (MNIST). */
  size?: number;
  /** Strokes painted per image, one per policy step. Default 8. */
  steps?: number;
  /**
   * The encoder of `[target, canvas]`: `'conv'` (3x3 convolutions of stride 2 over the target,
   * the canvas and two coordinate channels x, y in [-1, 1], as CoordConv), or `'mlp'` (a hidden
   * layer per `encoderSizes` entry over the flattened target and canvas). Default `'mlp'`.
   */
  encoder?: PainterEncoderKind;
  /** Hidden widths (`'mlp'`), or channels of each stride-2 convolution (`'conv'`, e.g. `[16, 32]`). Default `[256]`. */
  encoderSizes?: number[];
  /** Features the encoder hands the LSTM (a ReLU layer after the convolutions or hidden layers). Default 128. */
  featureSize?: number;
  /** Units of the LSTM policy. Default 128. */
  hiddenSize?: number;
  /** Narrowest stroke, as a fraction of the side (`width = min + (max - min) sigmoid(.)`). Default 0.04. */
  minWidth?: number;
  /** Widest stroke, as a fraction of the side. Default 0.2. */
  maxWidth?: number;
  /** How strokes meet the canvas (see `compositeStep`): `'screen'` or `'over'`. Default `'screen'`. */
  compositing?: Compositing;
  /** Points sampled along each stroke by the rasteriser. Default 8. */
  samples?: number;
  /** Edge softness of the rasteriser, in pixels. Default 0.5. */
  softness?: number;
  /** The reconstruction loss, a mean over pixels: `'bce'` or `'mse'`. Default `'bce'`. */
  loss?: PainterLoss;
  /**
   * Weight of each intermediate canvas's loss against the final one's (1): the loss is
   * `(L_T + w sum_{t<T} L_t) / (1 + w (T - 1))`. Above 0 it asks every stroke to help at once
   * (greedy painting). Default 0 (final canvas only): in 3 minutes of training on 2,000 digits
   * (bench/painter.ts), 0.3 painted a wide blob first and little after it, test BCE 0.173 per
   * pixel against 0.156 with 0.
   */
  stepLossWeight?: number;
  /** Seed of the initialisation. Default 0. */
  seed?: number;
}

/** A config with every field filled in. */
export type ResolvedPainterConfig = Required<PainterConfig>;

const ENCODERS: readonly PainterEncoderKind[] = ['conv', 'mlp'];
const LOSSES: readonly PainterLoss[] = ['bce', 'mse'];

/** A saved config in today's format (a copy); throws an {@link InputError} for a newer version. */
export function migratePainterConfig(config: PainterConfig): PainterConfig {
  if (config == null || typeof config !== 'object') return config;
  const version = config.version ?? 1;
  if (version !== PAINTER_CONFIG_VERSION) {
    throw new InputError(`Painter: config version ${String(version)} is not readable by this library (it reads version ${PAINTER_CONFIG_VERSION}); update @seq2seq/seq2seq`);
  }
  return { ...config, version };
}

/** Fills in the defaults and checks every field; throws an {@link InputError} naming the field. */
export function resolvePainterConfig(raw: PainterConfig = {}): ResolvedPainterConfig {
  const op = 'Painter';
  if (raw == null || typeof raw !== 'object') throw new InputError(`${op}: the config must be an object`);
  const c = migratePainterConfig(raw);
  const int = (v: unknown, name: string, min: number): number => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new InputError(`${op}: '${name}' must be an integer >= ${min}, got ${JSON.stringify(v)}`);
    return v;
  };
  const num = (v: unknown, name: string, min: number, max: number, open = false): number => {
    if (typeof v !== 'number' || !(open ? v > min : v >= min) || !(v <= max)) throw new InputError(`${op}: '${name}' must be a number in ${open ? '(' : '['}${min}, ${max}], got ${JSON.stringify(v)}`);
    return v;
  };
  const oneOf = <T extends string>(v: unknown, options: readonly T[], name: string): T => {
    if (!options.includes(v as T)) throw new InputError(`${op}: '${name}' must be one of ${options.join(', ')}, got ${JSON.stringify(v)}`);
    return v as T;
  };
  const encoderSizes = c.encoderSizes ?? [256];
  if (!Array.isArray(encoderSizes) || encoderSizes.length === 0) throw new InputError(`${op}: 'encoderSizes' must be a non-empty array of sizes, got ${JSON.stringify(encoderSizes)}`);
  encoderSizes.forEach((n, i) => int(n, `encoderSizes[${i}]`, 1));
  const minWidth = num(c.minWidth ?? 0.04, 'minWidth', 0, 1);
  const maxWidth = num(c.maxWidth ?? 0.2, 'maxWidth', 0, 1);
  if (maxWidth < minWidth) throw new InputError(`${op}: 'maxWidth' (${maxWidth}) must be at least 'minWidth' (${minWidth})`);
  return {
    version: PAINTER_CONFIG_VERSION,
    size: int(c.size ?? 28, 'size', 4),
    steps: int(c.steps ?? 8, 'steps', 1),
    encoder: oneOf(c.encoder ?? 'mlp', ENCODERS, 'encoder'),
    encoderSizes: [...encoderSizes],
    featureSize: int(c.featureSize ?? 128, 'featureSize', 1),
    hiddenSize: int(c.hiddenSize ?? 128, 'hiddenSize', 1),
    minWidth,
    maxWidth,
    compositing: checkCompositing(c.compositing ?? 'screen', op),
    samples: int(c.samples ?? 8, 'samples', 2),
    softness: num(c.softness ?? 0.5, 'softness', 0, 100, true),
    loss: oneOf(c.loss ?? 'bce', LOSSES, 'loss'),
    stepLossWeight: num(c.stepLossWeight ?? 0, 'stepLossWeight', 0, 1e6),
    seed: int(c.seed ?? 0, 'seed', 0),
  };
}
