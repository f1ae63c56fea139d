/**
 * Configuration of the binary image density models (the baselines of the draw app): one typed
 * record per model, every default documented, JSON as saved in checkpoints. The defaults model
 * binarised MNIST (28x28 images, one bit per pixel, row-major).
 */
import { checkInt, checkNumber } from '@seq2seq/core';

/** Options of {@link PixelBernoulli}; every field has a default. */
export interface PixelBernoulliConfig {
  /** Image width in pixels. Default 28. */
  width?: number;
  /** Image height in pixels. Default 28. */
  height?: number;
}

/** Options of {@link Fvsbn}; every field has a default. Saved as JSON in checkpoints. */
export interface FvsbnConfig {
  /** Image width in pixels. Default 28. */
  width?: number;
  /** Image height in pixels. Default 28. */
  height?: number;
  /**
   * L2 penalty `l2 / 2 * ||W||^2` added to the training loss (nats per image); the reported
   * negative log-likelihood never includes it. Default 0.
   */
  l2?: number;
  /** Standard deviation of the initial weights (the biases start at zero). Default 0.01. */
  initStd?: number;
  /** Seed of the initialisation. Default 1. */
  seed?: number;
}

/** A {@link PixelBernoulliConfig} with every default filled in. */
export type ResolvedPixelBernoulliConfig = Required<PixelBernoulliConfig>;

/** A {@link FvsbnConfig} with every default filled in. */
export type ResolvedFvsbnConfig = Required<FvsbnConfig>;

function checkSize(width: unknown, height: unknown, where: string): void {
  checkInt(width, 'width', where, 1);
  checkInt(height, 'height', where, 1);
}

/** Fills in the defaults of a {@link PixelBernoulliConfig} and checks it. */
export function resolvePixelBernoulliConfig(config: PixelBernoulliConfig = {}): ResolvedPixelBernoulliConfig {
  const resolved = { width: config.width ?? 28, height: config.height ?? 28 };
  checkSize(resolved.width, resolved.height, 'PixelBernoulli');
  return resolved;
}

/** Fills in the defaults of a {@link FvsbnConfig} and checks it. */
export function resolveFvsbnConfig(config: FvsbnConfig = {}): ResolvedFvsbnConfig {
  const resolved = { width: config.width ?? 28, height: config.height ?? 28, l2: config.l2 ?? 0, initStd: config.initStd ?? 0.01, seed: config.seed ?? 1 };
  checkSize(resolved.width, resolved.height, 'Fvsbn');
  checkNumber(resolved.l2, 'l2', 'Fvsbn', 0);
  checkNumber(resolved.initStd, 'initStd', 'Fvsbn', 0);
  checkInt(resolved.seed, 'seed', 'Fvsbn', 0);
  return resolved;
}
