/** `--model NAME|DIR`: a shipped model under `apps/chars/models/`, or a checkpoint directory. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadCharLanguageModel, type CharLanguageModel, type CharLanguageModelManifest } from '@seq2seq/seq2seq';
import { UsageError } from './args';

/** Names of the models the app ships. */
export const SHIPPED_MODELS = ['anna', 'shakespeare'] as const;

/** The directory of a shipped model name, or the directory given. */
export function modelDir(model: string): string {
  return /^[a-z][a-z0-9-]*$/.test(model) && !existsSync(model) ? fileURLToPath(new URL(`../models/${model}`, import.meta.url)) : model;
}

/** Loads `--model`; a missing shipped model or directory is a clear error. */
export async function loadModel(model: string): Promise<{ model: CharLanguageModel; manifest: CharLanguageModelManifest }> {
  const dir = modelDir(model);
  if (!existsSync(`${dir}/checkpoint.json`)) {
    const shipped = (SHIPPED_MODELS as readonly string[]).includes(model);
    throw new UsageError(
      shipped
        ? `the shipped model '${model}' is not in apps/chars/models/ yet: train one with 'seq2seq-chars train --corpus ${model} --model-out DIR' and pass --model DIR`
        : `--model: no model named '${model}' (shipped: ${SHIPPED_MODELS.join(', ')}) and no checkpoint directory there (expected ${dir}/checkpoint.json)`,
    );
  }
  return loadCharLanguageModel(dir);
}
