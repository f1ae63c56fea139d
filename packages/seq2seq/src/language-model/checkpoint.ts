/**
 * Saving and loading a {@link CharLanguageModel} in the library's checkpoint format
 * (`checkpoint.json` + `model.safetensors`, see `../checkpoint.ts`), kind `'char-lm'`. The config
 * is migrated when read ({@link migrateCharLanguageModelConfig}), so older saved models keep
 * loading; the vocabulary is stored with it and checked.
 */
import { WeightsError } from '@seq2seq/core';
import { CharVocabulary, type CharVocabularyJSON } from '@seq2seq/datasets';
import { loadCheckpoint, saveCheckpoint, type CheckpointManifest, type LoadedCheckpoint } from '../checkpoint';
import { migrateCharLanguageModelConfig, type CharLanguageModelConfig } from './config';
import { CharLanguageModel } from './model';

/** The checkpoint `kind` of a character language model. */
export const CHAR_LM_KIND = 'char-lm';

/** The data pipeline a character model's checkpoint stores. */
export interface CharLanguageModelData {
  vocabulary: CharVocabularyJSON;
  /** Free-form notes of the app (corpus name, split). */
  [key: string]: unknown;
}

/** A checkpoint manifest of a character language model. */
export type CharLanguageModelManifest = CheckpointManifest<CharLanguageModelConfig, CharLanguageModelData>;

/**
 * Builds the model of a loaded (or fetched) checkpoint, with its weights; disposes the loaded
 * weight tensors. Throws a {@link WeightsError} for another kind of model or a vocabulary this
 * library does not know.
 */
export function charLanguageModelFromCheckpoint(loaded: LoadedCheckpoint<CharLanguageModelConfig, CharLanguageModelData>, where = 'checkpoint'): CharLanguageModel {
  const { manifest, weights } = loaded;
  try {
    if (manifest.kind !== CHAR_LM_KIND) throw new WeightsError(`${where} holds a '${manifest.kind}' model, expected a '${CHAR_LM_KIND}' model`);
    try {
      CharVocabulary.fromJSON(manifest.data?.vocabulary);
    } catch (e) {
      throw new WeightsError(`${where}: ${(e as Error).message}`, { cause: e });
    }
    const model = new CharLanguageModel(migrateCharLanguageModelConfig(manifest.config));
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

/** Loads a character model saved by {@link saveCharLanguageModel} (or a training checkpoint). Node only. */
export async function loadCharLanguageModel(dir: string): Promise<{ model: CharLanguageModel; manifest: CharLanguageModelManifest }> {
  const loaded = await loadCheckpoint<CharLanguageModelConfig, CharLanguageModelData>(dir, { kind: CHAR_LM_KIND });
  return { model: charLanguageModelFromCheckpoint(loaded, `'${dir}'`), manifest: loaded.manifest };
}

/** Options of {@link saveCharLanguageModel}. */
export interface SaveCharLanguageModelOptions {
  /** More data notes (corpus, split). */
  data?: Record<string, unknown>;
  metrics?: Record<string, number>;
  attribution?: string;
  provenance?: unknown;
  /** Store the weights as float16 (half the size). Default false. */
  float16?: boolean;
}

/** The manifest fields of a character model (what `TrainingRun`'s `manifest` returns). */
export function charLanguageModelManifest(model: CharLanguageModel, options: Omit<SaveCharLanguageModelOptions, 'float16'> = {}): Omit<CharLanguageModelManifest, 'format' | 'version' | 'step' | 'training'> {
  return {
    kind: CHAR_LM_KIND,
    config: { ...model.config },
    data: { ...options.data, vocabulary: model.vocabulary.toJSON() },
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.attribution ? { attribution: options.attribution } : {}),
    ...(options.provenance !== undefined ? { provenance: options.provenance } : {}),
  };
}

/** Saves an inference-only checkpoint of `model` into `dir`. Node only. */
export async function saveCharLanguageModel(dir: string, model: CharLanguageModel, options: SaveCharLanguageModelOptions = {}): Promise<void> {
  await saveCheckpoint(dir, { manifest: charLanguageModelManifest(model, options), model, float16: options.float16 ?? false });
}
