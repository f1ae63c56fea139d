/**
 * Saving and loading an {@link ImageToSequence} in the library's checkpoint format
 * (`checkpoint.json` + `model.safetensors`, see `../checkpoint.ts`), kind `'image-to-sequence'`,
 * with its output vocabulary (characters for digit strings, words for captions).
 */
import { WeightsError } from '@seq2seq/core';
import { loadCheckpoint, saveCheckpoint, type CheckpointManifest, type LoadedCheckpoint } from '../checkpoint';
import { migrateImageToSequenceConfig, type ImageToSequenceConfig } from './config';
import { ImageToSequence } from './model';
import { SymbolVocabulary, type SymbolVocabularyJSON } from './vocabulary';

/** The checkpoint `kind` of an image-to-sequence model. */
export const IMAGE_TO_SEQUENCE_KIND = 'image-to-sequence';

/** The data an image-to-sequence checkpoint stores. */
export interface ImageToSequenceData {
  vocabulary: SymbolVocabularyJSON;
  /** Free-form notes of the app (task, data split). */
  [key: string]: unknown;
}

/** A checkpoint manifest of an image-to-sequence model. */
export type ImageToSequenceManifest = CheckpointManifest<ImageToSequenceConfig, ImageToSequenceData>;

/**
 * Builds the model of a loaded (or fetched) checkpoint with its weights and vocabulary; disposes
 * the loaded weight tensors. Throws a {@link WeightsError} for another kind of model, a malformed
 * vocabulary, or one whose size is not the model's.
 */
export function imageToSequenceFromCheckpoint(
  loaded: LoadedCheckpoint<ImageToSequenceConfig, ImageToSequenceData>,
  where = 'checkpoint',
): { model: ImageToSequence; vocabulary: SymbolVocabulary } {
  const { manifest, weights } = loaded;
  try {
    if (manifest.kind !== IMAGE_TO_SEQUENCE_KIND) throw new WeightsError(`${where} holds a '${manifest.kind}' model, expected an '${IMAGE_TO_SEQUENCE_KIND}' model`);
    let vocabulary: SymbolVocabulary;
    try {
      vocabulary = SymbolVocabulary.fromJSON(manifest.data?.vocabulary);
    } catch (e) {
      throw new WeightsError(`${where}: ${(e as Error).message}`, { cause: e });
    }
    const model = new ImageToSequence(migrateImageToSequenceConfig(manifest.config));
    try {
      if (model.config.vocabSize !== vocabulary.size) throw new WeightsError(`${where}: the vocabulary has ${vocabulary.size} tokens, the model ${model.config.vocabSize}`);
      model.loadWeights(weights);
    } catch (e) {
      model.dispose();
      throw e;
    }
    return { model, vocabulary };
  } finally {
    for (const t of weights.values()) t.dispose();
  }
}

/** Loads a model saved by {@link saveImageToSequence} (or a training checkpoint). Node only. */
export async function loadImageToSequence(dir: string): Promise<{ model: ImageToSequence; vocabulary: SymbolVocabulary; manifest: ImageToSequenceManifest }> {
  const loaded = await loadCheckpoint<ImageToSequenceConfig, ImageToSequenceData>(dir, { kind: IMAGE_TO_SEQUENCE_KIND });
  return { ...imageToSequenceFromCheckpoint(loaded, `'${dir}'`), manifest: loaded.manifest };
}

/** Options of {@link saveImageToSequence}. */
export interface SaveImageToSequenceOptions {
  /** More data notes (task, split). */
  data?: Record<string, unknown>;
  metrics?: Record<string, number>;
  attribution?: string;
  provenance?: unknown;
  /** Store the weights as float16 (half the size). Default false. */
  float16?: boolean;
}

/** The manifest fields of a model (what `TrainingRun`'s `manifest` returns). */
export function imageToSequenceManifest(
  model: ImageToSequence,
  vocabulary: SymbolVocabulary,
  options: Omit<SaveImageToSequenceOptions, 'float16'> = {},
): Omit<ImageToSequenceManifest, 'format' | 'version' | 'step' | 'training'> {
  return {
    kind: IMAGE_TO_SEQUENCE_KIND,
    config: { ...model.config },
    data: { ...options.data, vocabulary: vocabulary.toJSON() },
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.attribution ? { attribution: options.attribution } : {}),
    ...(options.provenance !== undefined ? { provenance: options.provenance } : {}),
  };
}

/** Saves an inference-only checkpoint of `model` into `dir`. Node only. */
export async function saveImageToSequence(dir: string, model: ImageToSequence, vocabulary: SymbolVocabulary, options: SaveImageToSequenceOptions = {}): Promise<void> {
  await saveCheckpoint(dir, { manifest: imageToSequenceManifest(model, vocabulary, options), model, float16: options.float16 ?? false });
}
