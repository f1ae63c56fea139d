/**
 * `models/index.json`: the shipped models the page loads, `{"models": ["fvsbn", ...]}`: every
 * folder of the models directory with a `checkpoint.json` and a `model.safetensors`.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** The files of a model folder the page reads. */
export const MODEL_FILES = ['checkpoint.json', 'model.safetensors'];

/** Names of the complete model folders of `modelsDir`, sorted. */
export async function shippedModels(modelsDir: string): Promise<string[]> {
  const names: string[] = [];
  for (const entry of await readdir(modelsDir, { withFileTypes: true }).catch(() => [])) {
    if (!entry.isDirectory()) continue;
    const present = await Promise.all(MODEL_FILES.map((f) => stat(join(modelsDir, entry.name, f)).then((s) => s.isFile(), () => false)));
    if (present.every(Boolean)) names.push(entry.name);
  }
  return names.sort();
}
