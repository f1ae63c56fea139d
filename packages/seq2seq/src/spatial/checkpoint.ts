/**
 * Saving and loading a {@link RecurrentImageDensity} in the library's checkpoint format
 * (`checkpoint.json` + `model.safetensors`, see `../checkpoint.ts`), kind
 * `'recurrent-image-density'`. The config says everything the model needs; `data` holds the
 * app's free-form notes (data set, patch size, levels of a texture).
 */
import { WeightsError, withoutInitialisers } from '@seq2seq/core';
import { loadCheckpoint, saveCheckpoint, type CheckpointManifest, type LoadedCheckpoint } from '../checkpoint';
import { migrateRecurrentImageDensityConfig, type RecurrentImageDensityConfig } from './config';
import { RecurrentImageDensity } from './model';

/** The checkpoint `kind` of a recurrent image density. */
export const RECURRENT_IMAGE_DENSITY_KIND = 'recurrent-image-density';

/** A checkpoint manifest of a recurrent image density (`data`: the app's notes). */
export type RecurrentImageDensityManifest = CheckpointManifest<RecurrentImageDensityConfig, Record<string, unknown>>;

/**
 * Builds the model of a loaded (or fetched) checkpoint with its weights; disposes the loaded
 * weight tensors. Throws a {@link WeightsError} for another kind of model or weights that do not match.
 */
export function recurrentImageDensityFromCheckpoint(loaded: LoadedCheckpoint<RecurrentImageDensityConfig, Record<string, unknown>>, where = 'checkpoint'): RecurrentImageDensity {
  const { manifest, weights } = loaded;
  try {
    if (manifest.kind !== RECURRENT_IMAGE_DENSITY_KIND) throw new WeightsError(`${where} holds a '${manifest.kind}' model, expected a '${RECURRENT_IMAGE_DENSITY_KIND}' model`);
    const model = withoutInitialisers(() => new RecurrentImageDensity(migrateRecurrentImageDensityConfig(manifest.config)));
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

/** Loads a model saved by {@link saveRecurrentImageDensity} (or a training checkpoint). Node only. */
export async function loadRecurrentImageDensity(dir: string): Promise<{ model: RecurrentImageDensity; manifest: RecurrentImageDensityManifest }> {
  const loaded = await loadCheckpoint<RecurrentImageDensityConfig, Record<string, unknown>>(dir, { kind: RECURRENT_IMAGE_DENSITY_KIND });
  return { model: recurrentImageDensityFromCheckpoint(loaded, `'${dir}'`), manifest: loaded.manifest };
}

/** Options of {@link saveRecurrentImageDensity}. */
export interface SaveRecurrentImageDensityOptions {
  /** Data notes (data set, split, patch size). */
  data?: Record<string, unknown>;
  metrics?: Record<string, number>;
  attribution?: string;
  provenance?: unknown;
  /** Store the weights as float16 (half the size). Default false. */
  float16?: boolean;
}

/** The manifest fields of a model (what `TrainingRun`'s `manifest` returns). */
export function recurrentImageDensityManifest(
  model: RecurrentImageDensity,
  options: Omit<SaveRecurrentImageDensityOptions, 'float16'> = {},
): Omit<RecurrentImageDensityManifest, 'format' | 'version' | 'step' | 'training'> {
  return {
    kind: RECURRENT_IMAGE_DENSITY_KIND,
    config: { ...model.config },
    data: { ...options.data },
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.attribution ? { attribution: options.attribution } : {}),
    ...(options.provenance !== undefined ? { provenance: options.provenance } : {}),
  };
}

/** Saves an inference-only checkpoint of `model` into `dir`. Node only. */
export async function saveRecurrentImageDensity(dir: string, model: RecurrentImageDensity, options: SaveRecurrentImageDensityOptions = {}): Promise<void> {
  await saveCheckpoint(dir, { manifest: recurrentImageDensityManifest(model, options), model, float16: options.float16 ?? false });
}
