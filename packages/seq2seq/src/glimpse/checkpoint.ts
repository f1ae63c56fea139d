/**
 * Saving and loading a {@link GlimpseReader} in the library's checkpoint format
 * (`checkpoint.json` + `model.safetensors`, see `../checkpoint.ts`), kind `'glimpse-reader'`,
 * with its output vocabulary.
 */
import { WeightsError } from '@seq2seq/core';
import { loadCheckpoint, saveCheckpoint, type CheckpointManifest } from '../checkpoint';
import { SymbolVocabulary, type SymbolVocabularyJSON } from '../image/vocabulary';
import type { GlimpseReaderConfig } from './config';
import { GlimpseReader } from './model';

/** The checkpoint `kind` of a glimpse reader. */
export const GLIMPSE_READER_KIND = 'glimpse-reader';

/** The data a glimpse-reader checkpoint stores. */
export interface GlimpseReaderData {
  vocabulary: SymbolVocabularyJSON;
  /** Free-form notes of the app (task, data split). */
  [key: string]: unknown;
}

/** A checkpoint manifest of a glimpse reader. */
export type GlimpseReaderManifest = CheckpointManifest<GlimpseReaderConfig, GlimpseReaderData>;

/** The manifest fields of a reader (what `TrainingRun`'s `manifest` returns). */
export function glimpseReaderManifest(
  model: GlimpseReader,
  vocabulary: SymbolVocabulary,
  options: { data?: Record<string, unknown>; attribution?: string; provenance?: unknown } = {},
): Omit<GlimpseReaderManifest, 'format' | 'version' | 'step' | 'training'> {
  return {
    kind: GLIMPSE_READER_KIND,
    config: { ...model.config },
    data: { ...options.data, vocabulary: vocabulary.toJSON() },
    ...(options.attribution ? { attribution: options.attribution } : {}),
    ...(options.provenance !== undefined ? { provenance: options.provenance } : {}),
  };
}

/** Saves an inference-only checkpoint of `model` into `dir`. Node only. */
export async function saveGlimpseReader(dir: string, model: GlimpseReader, vocabulary: SymbolVocabulary, options: { float16?: boolean } = {}): Promise<void> {
  await saveCheckpoint(dir, { manifest: glimpseReaderManifest(model, vocabulary), model, float16: options.float16 ?? false });
}

/**
 * Loads a reader saved by {@link saveGlimpseReader} (or a training checkpoint). Node only. Throws
 * a {@link WeightsError} for another kind of model or a vocabulary of another size than the model's.
 */
export async function loadGlimpseReader(dir: string): Promise<{ model: GlimpseReader; vocabulary: SymbolVocabulary; manifest: GlimpseReaderManifest }> {
  const { manifest, weights } = await loadCheckpoint<GlimpseReaderConfig, GlimpseReaderData>(dir, { kind: GLIMPSE_READER_KIND });
  try {
    let vocabulary: SymbolVocabulary;
    try {
      vocabulary = SymbolVocabulary.fromJSON(manifest.data?.vocabulary);
    } catch (e) {
      throw new WeightsError(`'${dir}': ${(e as Error).message}`, { cause: e });
    }
    const model = new GlimpseReader(manifest.config);
    try {
      if (model.config.vocabSize !== vocabulary.size) throw new WeightsError(`'${dir}': the vocabulary has ${vocabulary.size} tokens, the model ${model.config.vocabSize}`);
      model.loadWeights(weights);
    } catch (e) {
      model.dispose();
      throw e;
    }
    return { model, vocabulary, manifest };
  } finally {
    for (const t of weights.values()) t.dispose();
  }
}
