/**
 * This app's part of the static site (`pnpm web:build` at the root): the built page and each
 * model folder's `checkpoint.json` and `model.safetensors`, as the local server serves them.
 */
import { copyFile, mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { buildWeb } from './build';
import { MODELS_DIR } from './serve';

/** What the site's index says about this page. */
export const SITE_ENTRY = {
  dir: 'parse',
  title: 'Dependency parsing with a pointing parser',
  description: 'Type a sentence and see its dependency tree as arcs over the words, with the distribution each word pointed at its head with (biaffine pointing parser, UD English EWT).',
};

/** The files of a model folder the page reads. */
const MODEL_FILES = ['checkpoint.json', 'model.safetensors'];

/** Builds the page into `outDir` with the models of `modelsDir`; returns the model names. */
export async function buildSitePage(outDir: string, modelsDir: string = MODELS_DIR): Promise<string[]> {
  await buildWeb(outDir);
  const names: string[] = [];
  for (const entry of await readdir(modelsDir, { withFileTypes: true }).catch(() => [])) {
    if (!entry.isDirectory()) continue;
    const present = await Promise.all(MODEL_FILES.map((f) => stat(join(modelsDir, entry.name, f)).then((s) => s.isFile(), () => false)));
    if (!present.every(Boolean)) continue;
    await mkdir(join(outDir, 'models', entry.name), { recursive: true });
    for (const file of MODEL_FILES) await copyFile(join(modelsDir, entry.name, file), join(outDir, 'models', entry.name, file));
    names.push(entry.name);
  }
  return names;
}
