/**
 * Saving and loading a {@link DependencyParser} in the library's checkpoint format, kind
 * `'dependency-parser'`: the config, the vocabularies (in `data.vocabulary`) and the weights.
 */
import { WeightsError } from '@seq2seq/core';
import { loadCheckpoint, saveCheckpoint, type CheckpointManifest, type LoadedCheckpoint } from '../checkpoint';
import type { DependencyParserConfig } from './config';
import { DependencyParser } from './model';
import { ParserVocabulary, type ParserVocabularyJSON } from './vocabulary';

/** The checkpoint `kind` of a dependency parser. */
export const DEPENDENCY_PARSER_KIND = 'dependency-parser';

/** What a parser's checkpoint stores besides the config. */
export interface DependencyParserData {
  vocabulary: ParserVocabularyJSON;
  /** Free-form notes of the app (treebank, split). */
  [key: string]: unknown;
}

/** A checkpoint manifest of a dependency parser. */
export type DependencyParserManifest = CheckpointManifest<DependencyParserConfig, DependencyParserData>;

/** Builds the parser of a loaded checkpoint, with its weights; disposes the loaded tensors. */
export function dependencyParserFromCheckpoint(loaded: LoadedCheckpoint<DependencyParserConfig, DependencyParserData>, where = 'checkpoint'): DependencyParser {
  const { manifest, weights } = loaded;
  try {
    if (manifest.kind !== DEPENDENCY_PARSER_KIND) throw new WeightsError(`${where} holds a '${manifest.kind}' model, expected a '${DEPENDENCY_PARSER_KIND}' model`);
    let vocabulary: ParserVocabulary;
    try {
      vocabulary = new ParserVocabulary(manifest.data!.vocabulary);
    } catch (e) {
      throw new WeightsError(`${where}: ${(e as Error).message}`, { cause: e });
    }
    const parser = new DependencyParser({ vocabulary, config: manifest.config });
    try {
      parser.loadWeights(weights);
    } catch (e) {
      parser.dispose();
      throw e;
    }
    return parser;
  } finally {
    for (const t of weights.values()) t.dispose();
  }
}

/** Loads a parser saved by {@link saveDependencyParser} or a training checkpoint. Node only. */
export async function loadDependencyParser(dir: string): Promise<{ parser: DependencyParser; manifest: DependencyParserManifest }> {
  const loaded = await loadCheckpoint<DependencyParserConfig, DependencyParserData>(dir, { kind: DEPENDENCY_PARSER_KIND });
  return { parser: dependencyParserFromCheckpoint(loaded, `'${dir}'`), manifest: loaded.manifest };
}

/** Options of {@link saveDependencyParser} and {@link dependencyParserManifest}. */
export interface SaveDependencyParserOptions {
  /** More data notes (treebank, split). */
  data?: Record<string, unknown>;
  metrics?: Record<string, number>;
  attribution?: string;
  provenance?: unknown;
  /** Store the weights as float16. Default false. */
  float16?: boolean;
}

/** The manifest fields of a parser (what `TrainingRun`'s `manifest` returns). */
export function dependencyParserManifest(parser: DependencyParser, options: Omit<SaveDependencyParserOptions, 'float16'> = {}): Omit<DependencyParserManifest, 'format' | 'version' | 'step' | 'training'> {
  return {
    kind: DEPENDENCY_PARSER_KIND,
    config: { ...parser.config },
    data: { ...options.data, vocabulary: parser.vocabulary.toJSON() },
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.attribution ? { attribution: options.attribution } : {}),
    ...(options.provenance !== undefined ? { provenance: options.provenance } : {}),
  };
}

/** Saves an inference-only checkpoint of `parser` into `dir`. Node only. */
export async function saveDependencyParser(dir: string, parser: DependencyParser, options: SaveDependencyParserOptions = {}): Promise<void> {
  await saveCheckpoint(dir, { manifest: dependencyParserManifest(parser, options), model: parser, float16: options.float16 ?? false });
}
