/**
 * Saving and loading a {@link Painter} in the library's checkpoint format (`checkpoint.json` +
 * `model.safetensors`, see `../checkpoint.ts`), kind `'painter'`.
 */
import { WeightsError } from '@seq2seq/core';
import { loadCheckpoint, saveCheckpoint, type CheckpointManifest, type LoadedCheckpoint } from '../checkpoint';
import { migratePainterConfig, type PainterConfig } from './config';
import { Painter } from './model';

/** The checkpoint `kind` of a painter. */
export const PAINTER_KIND = 'painter';

/** A checkpoint manifest of a painter; `data` holds free-form notes of the app (data set, split). */
export type PainterManifest = CheckpointManifest<PainterConfig, Record<string, unknown>>;

/**
 * Builds the painter of a loaded (or fetched) checkpoint with its weights; disposes the loaded
 * weight tensors. Throws a {@link WeightsError} for another kind of model or weights that do not fit.
 */
export function painterFromCheckpoint(loaded: LoadedCheckpoint<PainterConfig, Record<string, unknown>>, where = 'checkpoint'): Painter {
  const { manifest, weights } = loaded;
  try {
    if (manifest.kind !== PAINTER_KIND) throw new WeightsError(`${where} holds a '${manifest.kind}' model, expected a '${PAINTER_KIND}' model`);
    const model = new Painter(migratePainterConfig(manifest.config));
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

/** Loads a painter saved by {@link savePainter} (or a training checkpoint). Node only. */
export async function loadPainter(dir: string): Promise<{ model: Painter; manifest: PainterManifest }> {
  const loaded = await loadCheckpoint<PainterConfig, Record<string, unknown>>(dir, { kind: PAINTER_KIND });
  return { model: painterFromCheckpoint(loaded, `'${dir}'`), manifest: loaded.manifest };
}

/** Options of {@link savePainter}. */
export interface SavePainterOptions {
  /** Data notes (data set, split). */
  data?: Record<string, unknown>;
  metrics?: Record<string, number>;
  attribution?: string;
  provenance?: unknown;
  /** Store the weights as float16 (half the size). Default false. */
  float16?: boolean;
}

/** The manifest fields of a painter (what `TrainingRun`'s `manifest` returns). */
export function painterManifest(model: Painter, options: Omit<SavePainterOptions, 'float16'> = {}): Omit<PainterManifest, 'format' | 'version' | 'step' | 'training'> {
  return {
    kind: PAINTER_KIND,
    config: { ...model.config },
    data: { ...options.data },
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.attribution ? { attribution: options.attribution } : {}),
    ...(options.provenance !== undefined ? { provenance: options.provenance } : {}),
  };
}

/** Saves an inference-only checkpoint of `model` into `dir`. Node only. */
export async function savePainter(dir: string, model: Painter, options: SavePainterOptions = {}): Promise<void> {
  await saveCheckpoint(dir, { manifest: painterManifest(model, options), model, float16: options.float16 ?? false });
}
