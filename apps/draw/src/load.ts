/** `--model NAME|DIR`: a shipped model under `apps/draw/models/`, or a checkpoint directory; built through the registry. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { WeightsError } from '@seq2seq/core';
import { loadCheckpoint, type CheckpointManifest } from '@seq2seq/seq2seq';
import { UsageError } from './args';
import { allKinds, kindOf, type DrawModel } from './models/index';

/** Names of the models the app ships (a name whose directory is missing says how to make it). */
export const SHIPPED_MODELS = ['fvsbn', 'draw', 'spatial-lstm', 'painter'] as const;

/** The directory of a shipped model name, or the directory given. */
export function modelDir(model: string): string {
  return /^[a-z][a-z0-9-]*$/.test(model) && !existsSync(model) ? fileURLToPath(new URL(`../models/${model}`, import.meta.url)) : model;
}

/** Loads `--model` and builds it with its kind's adapter; a missing model or an unknown kind is a clear error. */
export async function loadModel(model: string): Promise<{ model: DrawModel; manifest: CheckpointManifest }> {
  const dir = modelDir(model);
  if (!existsSync(`${dir}/checkpoint.json`)) {
    const shipped = (SHIPPED_MODELS as readonly string[]).includes(model);
    throw new UsageError(
      shipped
        ? `the shipped model '${model}' is not in apps/draw/models/ yet: train one with 'seq2seq-draw train --model-out DIR' and pass --model DIR`
        : `--model: no model named '${model}' (shipped: ${SHIPPED_MODELS.join(', ')}) and no checkpoint directory there (expected ${dir}/checkpoint.json)`,
    );
  }
  const loaded = await loadCheckpoint<unknown, unknown>(dir);
  const kind = kindOf(loaded.manifest.kind);
  if (!kind) {
    for (const t of loaded.weights.values()) t.dispose();
    throw new WeightsError(`'${dir}' holds a '${loaded.manifest.kind}' model; the draw app reads ${allKinds().map((k) => `'${k.kind}'`).join(', ')}`);
  }
  return { model: kind.fromCheckpoint(loaded, `'${dir}'`), manifest: loaded.manifest as CheckpointManifest };
}
