/**
 * Saving and loading a {@link TreeGenerator} in the library's checkpoint format, kind
 * `'tree-generator'` (the pointing parser's is `'dependency-parser'`): the config, the
 * vocabularies (in `data.vocabulary`) and the weights.
 */
import { WeightsError } from '@seq2seq/core';
import { loadCheckpoint, saveCheckpoint, type CheckpointManifest, type LoadedCheckpoint } from '../../checkpoint';
import { ParserVocabulary, type ParserVocabularyJSON } from '../vocabulary';
import type { TreeGeneratorConfig } from './config';
import { TreeGenerator } from './model';

/** The checkpoint `kind` of a tree generator. */
export const TREE_GENERATOR_KIND = 'tree-generator';

/** What a generator's checkpoint stores besides the config. */
export interface TreeGeneratorData {
  vocabulary: ParserVocabularyJSON;
  /** Free-form notes of the app (treebank, split). */
  [key: string]: unknown;
}

/** A checkpoint manifest of a tree generator. */
export type TreeGeneratorManifest = CheckpointManifest<TreeGeneratorConfig, TreeGeneratorData>;

/** Builds the generator of a loaded checkpoint, with its weights; disposes the loaded tensors. */
export function treeGeneratorFromCheckpoint(loaded: LoadedCheckpoint<TreeGeneratorConfig, TreeGeneratorData>, where = 'checkpoint'): TreeGenerator {
  const { manifest, weights } = loaded;
  try {
    if (manifest.kind !== TREE_GENERATOR_KIND) throw new WeightsError(`${where} holds a '${manifest.kind}' model, expected a '${TREE_GENERATOR_KIND}' model`);
    let vocabulary: ParserVocabulary;
    try {
      vocabulary = new ParserVocabulary(manifest.data!.vocabulary);
    } catch (e) {
      throw new WeightsError(`${where}: ${(e as Error).message}`, { cause: e });
    }
    const generator = new TreeGenerator({ vocabulary, config: manifest.config });
    try {
      generator.loadWeights(weights);
    } catch (e) {
      generator.dispose();
      throw e;
    }
    return generator;
  } finally {
    for (const t of weights.values()) t.dispose();
  }
}

/** Loads a generator saved by {@link saveTreeGenerator} or a training checkpoint. Node only. */
export async function loadTreeGenerator(dir: string): Promise<{ generator: TreeGenerator; manifest: TreeGeneratorManifest }> {
  const loaded = await loadCheckpoint<TreeGeneratorConfig, TreeGeneratorData>(dir, { kind: TREE_GENERATOR_KIND });
  return { generator: treeGeneratorFromCheckpoint(loaded, `'${dir}'`), manifest: loaded.manifest };
}

/** Options of {@link saveTreeGenerator} and {@link treeGeneratorManifest}. */
export interface SaveTreeGeneratorOptions {
  /** More data notes (treebank, split). */
  data?: Record<string, unknown>;
  metrics?: Record<string, number>;
  attribution?: string;
  provenance?: unknown;
  /** Store the weights as float16. Default false. */
  float16?: boolean;
}

/** The manifest fields of a generator (what `TrainingRun`'s `manifest` returns). */
export function treeGeneratorManifest(generator: TreeGenerator, options: Omit<SaveTreeGeneratorOptions, 'float16'> = {}): Omit<TreeGeneratorManifest, 'format' | 'version' | 'step' | 'training'> {
  return {
    kind: TREE_GENERATOR_KIND,
    config: { ...generator.config },
    data: { ...options.data, vocabulary: generator.vocabulary.toJSON() },
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.attribution ? { attribution: options.attribution } : {}),
    ...(options.provenance !== undefined ? { provenance: options.provenance } : {}),
  };
}

/** Saves an inference-only checkpoint of `generator` into `dir`. Node only. */
export async function saveTreeGenerator(dir: string, generator: TreeGenerator, options: SaveTreeGeneratorOptions = {}): Promise<void> {
  await saveCheckpoint(dir, { manifest: treeGeneratorManifest(generator, options), model: generator, float16: options.float16 ?? false });
}
