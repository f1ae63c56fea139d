/**
 * Saving and loading a {@link Draw} model in the library's checkpoint format (`checkpoint.json` +
 * `model.safetensors`, see `../checkpoint.ts`), kind `'draw'`. The config is migrated when read
 * ({@link migrateDrawConfig}), so older saved models keep loading.
 */
import { WeightsError } from '@seq2seq/core';
import { loadCheckpoint, saveCheckpoint, type CheckpointManifest, type LoadedCheckpoint } from '../checkpoint';
import { migrateDrawConfig, type DrawConfig } from './config';
import { Draw } from './model';

/** The checkpoint `kind` of a DRAW model. */
export const DRAW_KIND = 'draw';

/** Free-form notes a DRAW checkpoint stores (data set, split, binarisation). */
export type DrawData = Record<string, unknown>;

/** A checkpoint manifest of a DRAW model. */
export type DrawManifest = CheckpointManifest<DrawConfig, DrawData>;

/**
 * Builds the model of a loaded (or fetched) checkpoint with its weights; disposes the loaded
 * weight tensors. Throws a {@link WeightsError} for another kind of model or weights that do not fit.
 */
export function drawFromCheckpoint(loaded: LoadedCheckpoint<DrawConfig, DrawData>, where = 'checkpoint'): Draw {
  const { manifest, weights } = loaded;
  try {
    if (manifest.kind !== DRAW_KIND) throw new WeightsError(`${where} holds a '${manifest.kind}' model, expected a '${DRAW_KIND}' model`);
    const model = new Draw(migrateDrawConfig(manifest.config));
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

/** Loads a model saved by {@link saveDraw} (or a training checkpoint). Node only. */
export async function loadDraw(dir: string): Promise<{ model: Draw; manifest: DrawManifest }> {
  const loaded = await loadCheckpoint<DrawConfig, DrawData>(dir, { kind: DRAW_KIND });
  return { model: drawFromCheckpoint(loaded, `'${dir}'`), manifest: loaded.manifest };
}

/** Options of {@link saveDraw}. */
export interface SaveDrawOptions {
  /** Data notes (data set, split). */
  data?: DrawData;
  /** Measurements to keep with the model (e.g. `{ testNats: 85.1 }`). */
  metrics?: Record<string, number>;
  attribution?: string;
  provenance?: unknown;
  /** Store the weights as float16 (half the size). Default false. */
  float16?: boolean;
}

/** The manifest fields of a model (what `TrainingRun`'s `manifest` returns). */
export function drawManifest(model: Draw, options: Omit<SaveDrawOptions, 'float16'> = {}): Omit<DrawManifest, 'format' | 'version' | 'step' | 'training'> {
  return {
    kind: DRAW_KIND,
    config: { ...model.config },
    data: { ...options.data },
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.attribution ? { attribution: options.attribution } : {}),
    ...(options.provenance !== undefined ? { provenance: options.provenance } : {}),
  };
}

/** Saves an inference-only checkpoint of `model` into `dir`. Node only. */
export async function saveDraw(dir: string, model: Draw, options: SaveDrawOptions = {}): Promise<void> {
  await saveCheckpoint(dir, { manifest: drawManifest(model, options), model, float16: options.float16 ?? false });
}
