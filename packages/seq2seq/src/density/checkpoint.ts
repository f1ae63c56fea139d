/**
 * Saving and loading the binary image density models in the library's checkpoint format
 * (`checkpoint.json` + `model.safetensors`, see `../checkpoint.ts`), kinds `'pixel-bernoulli'`
 * and `'fvsbn'`: the kind says which model to build.
 */
import { WeightsError } from '@seq2seq/core';
import { loadCheckpoint, saveCheckpoint, type CheckpointManifest, type LoadedCheckpoint } from '../checkpoint';
import type { FvsbnConfig, PixelBernoulliConfig } from './config';
import { FVSBN_KIND, Fvsbn } from './fvsbn';
import type { BinaryDensityModel } from './model';
import { PIXEL_BERNOULLI_KIND, PixelBernoulli } from './pixel-bernoulli';

/** The checkpoint kinds of the binary density models. */
export const BINARY_DENSITY_KINDS = [PIXEL_BERNOULLI_KIND, FVSBN_KIND] as const;

/** The config a binary density checkpoint stores (the model's own, by kind). */
export type BinaryDensityConfig = PixelBernoulliConfig | FvsbnConfig;

/** Free-form notes of the app (data, binarisation, split). */
export type BinaryDensityData = Record<string, unknown>;

/** A checkpoint manifest of a binary density model. */
export type BinaryDensityManifest = CheckpointManifest<BinaryDensityConfig, BinaryDensityData>;

/** Builds an untrained model of checkpoint kind `kind` from its config. */
export function createBinaryDensityModel(kind: string, config: BinaryDensityConfig): BinaryDensityModel {
  if (kind === PIXEL_BERNOULLI_KIND) return new PixelBernoulli(config);
  if (kind === FVSBN_KIND) return new Fvsbn(config);
  throw new WeightsError(`expected a binary density model (kind ${BINARY_DENSITY_KINDS.map((k) => `'${k}'`).join(' or ')}), got a '${kind}' model`);
}

/**
 * Builds the model of a loaded (or fetched) checkpoint with its weights; disposes the loaded
 * weight tensors. Throws a {@link WeightsError} for another kind of model or weights that do not fit.
 */
export function binaryDensityFromCheckpoint(loaded: LoadedCheckpoint<BinaryDensityConfig, BinaryDensityData>, where = 'checkpoint'): BinaryDensityModel {
  const { manifest, weights } = loaded;
  try {
    let model: BinaryDensityModel;
    try {
      model = createBinaryDensityModel(manifest.kind, manifest.config);
    } catch (e) {
      throw new WeightsError(`${where}: ${(e as Error).message}`, { cause: e });
    }
    try {
      model.loadWeights(weights);
    } catch (e) {
      model.dispose();
      throw e;
    }
    return model;
  } finally {
    for (const t of weights.values()) t.dispose();
  }
}

/** Loads a model saved by {@link saveBinaryDensityModel} (or a training checkpoint). Node only. */
export async function loadBinaryDensityModel(dir: string): Promise<{ model: BinaryDensityModel; manifest: BinaryDensityManifest }> {
  const loaded = await loadCheckpoint<BinaryDensityConfig, BinaryDensityData>(dir);
  return { model: binaryDensityFromCheckpoint(loaded, `'${dir}'`), manifest: loaded.manifest };
}

/** Options of {@link saveBinaryDensityModel}. */
export interface SaveBinaryDensityOptions {
  /** Notes on the data (name, binarisation, split). */
  data?: BinaryDensityData;
  metrics?: Record<string, number>;
  attribution?: string;
  provenance?: unknown;
  /** Store the weights as float16 (half the size). Default false. */
  float16?: boolean;
}

/** The manifest fields of a model (what `TrainingRun`'s `manifest` returns). */
export function binaryDensityManifest(
  model: BinaryDensityModel & { config: BinaryDensityConfig },
  options: Omit<SaveBinaryDensityOptions, 'float16'> = {},
): Omit<BinaryDensityManifest, 'format' | 'version' | 'step' | 'training'> {
  return {
    kind: model.kind,
    config: { ...model.config },
    data: { ...options.data, width: model.width, height: model.height },
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.attribution ? { attribution: options.attribution } : {}),
    ...(options.provenance !== undefined ? { provenance: options.provenance } : {}),
  };
}

/** Saves an inference-only checkpoint of `model` into `dir`. Node only. */
export async function saveBinaryDensityModel(dir: string, model: BinaryDensityModel & { config: BinaryDensityConfig }, options: SaveBinaryDensityOptions = {}): Promise<void> {
  await saveCheckpoint(dir, { manifest: binaryDensityManifest(model, options), model, float16: options.float16 ?? false });
}
