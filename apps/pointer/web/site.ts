/**
 * This app's part of the static site (`pnpm web:build` at the root): the built page, and the
 * models as the local server would answer them, frozen into files: `models/index.json` and each
 * model's manifest and `model.safetensors` (never `optimizer.safetensors`).
 */
import { copyFile, mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildWeb } from './build';
import { listModels, SERVED_MODEL_FILES } from './model-index';
import { MODELS_DIR } from './serve';

/** What the site's index says about this page. */
export const SITE_ENTRY = {
  dir: 'pointer',
  title: 'Pointer networks: convex hull, Delaunay, TSP',
  description: 'Click points into a square and watch a network answer by pointing at them, step by step (Vinyals et al. 2015).',
};

/** Builds the page into `outDir` with the models of `modelsDir`; returns the model names. */
export async function buildSitePage(outDir: string, modelsDir: string = MODELS_DIR): Promise<string[]> {
  await buildWeb(outDir);
  const index = await listModels(modelsDir);
  for (const model of index.models) {
    await mkdir(join(outDir, 'models', model.name), { recursive: true });
    for (const file of SERVED_MODEL_FILES) {
      const from = join(modelsDir, model.name, file);
      if (await stat(from).then((s) => s.isFile(), () => false)) await copyFile(from, join(outDir, 'models', model.name, file));
    }
  }
  await writeFile(join(outDir, 'models', 'index.json'), JSON.stringify(index));
  return index.models.map((m) => m.name);
}
