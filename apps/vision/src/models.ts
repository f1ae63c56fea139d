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

/** The task a model reads: captions for a word vocabulary, digit strings for characters. */
export function taskOf(vocabulary: SymbolVocabulary): VisionTask {
  return vocabulary.separator === ' ' ? TASKS.scenes : TASKS.digits;
}
