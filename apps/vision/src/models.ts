/** `--model NAME|DIR`: a shipped model under `apps/vision/models/`, or a checkpoint directory. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadImageToSequence, type ImageToSequence, type ImageToSequenceManifest, type SymbolVocabulary } from '@seq2seq/seq2seq';
import { UsageError } from './args';
import { TASKS, type VisionTask } from './tasks';

/** Names of the models the app ships. */
export const SHIPPED_MODELS = ['digits', 'scenes'] as const;

/** The directory of a shipped model name, or the directory given. */
export function modelDir(model: string): string {
  return /^[a-z][a-z0-9-]*$/.test(model) && !existsSync(model) ? fileURLToPath(new URL(`../models/${model}`, import.meta.url)) : model;
}

/** Loads `--model`; a missing shipped model or directory is a clear error. */
export async function loadModel(model: string): Promise<{ model: ImageToSequence; vocabulary: SymbolVocabulary; manifest: ImageToSequenceManifest }> {
  const dir = modelDir(model);
  if (!existsSync(`${dir}/checkpoint.json`)) {
    const shipped = (SHIPPED_MODELS as readonly string[]).includes(model);
    throw new UsageError(
      shipped
        ? `the shipped model '${model}' is not in apps/vision/models/ yet: train one with 'seq2seq-vision train --task ${model} --model-out DIR' and pass --model DIR`
        : `--model: no model named '${model}' (shipped: ${SHIPPED_MODELS.join(', ')}) and no checkpoint directory there (expected ${dir}/checkpoint.json)`,
    );
  }
  return loadImageToSequence(dir);
}

/** `--model A,B,...`: several models (an ensemble) that read one image size into one vocabulary. */
export interface LoadedModels {
  /** The members, in the order given; one for a single model. */
  models: ImageToSequence[];
  /** The vocabulary they share. */
  vocabulary: SymbolVocabulary;
  /** The first member's manifest. */
  manifest: ImageToSequenceManifest;
  /** The first member's input size. */
  width: number;
  height: number;
  /** Frees every member. */
  dispose(): void;
}

/**
 * Loads `--model`: one model, or a comma-separated list of them read as an ensemble (each next
 * token's distribution the average of the members'). Members of other image sizes or
 * vocabularies are a clear error.
 */
export async function loadModels(spec: string): Promise<LoadedModels> {
  const names = spec.split(',').map((n) => n.trim());
  if (names.some((n) => n === '')) throw new UsageError(`--model: expected a model or a comma-separated list of models, got '${spec}'`);
  const loaded: Awaited<ReturnType<typeof loadModel>>[] = [];
  const dispose = () => loaded.forEach((l) => l.model.dispose());
  try {
    for (const name of names) loaded.push(await loadModel(name));
    const [first] = loaded;
    const tokens = first!.vocabulary.tokens.join('\u0000');
    loaded.forEach((l, i) => {
      const c = l.model.config;
      if (c.width !== first!.model.config.width || c.height !== first!.model.config.height) {
        throw new UsageError(`--model: ${names[i]} reads ${c.width}x${c.height} images, ${names[0]} reads ${first!.model.config.width}x${first!.model.config.height}: an ensemble's models must read one image size`);
      }
      if (l.vocabulary.tokens.join('\u0000') !== tokens || l.vocabulary.separator !== first!.vocabulary.separator) {
        throw new UsageError(`--model: ${names[i]} has another vocabulary than ${names[0]}: an ensemble's models must share one`);
      }
    });
    return { models: loaded.map((l) => l.model), vocabulary: first!.vocabulary, manifest: first!.manifest, width: first!.model.config.width, height: first!.model.config.height, dispose };
  } catch (e) {
    dispose();
    throw e;
  }
}

/** The task a model reads: captions for a word vocabulary, digit strings for characters. */
export function taskOf(vocabulary: SymbolVocabulary): VisionTask {
  return vocabulary.separator === ' ' ? TASKS.scenes : TASKS.digits;
}
