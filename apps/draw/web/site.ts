/**
 * This app's part of the static site (`pnpm web:build` at the root): the built page, each model
 * folder's `checkpoint.json` and `model.safetensors`, and `models/index.json`, as the local server
 * serves them.
 */
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildWeb } from './build';
import { MODEL_FILES, shippedModels } from './models-index';
import { MODELS_DIR } from './serve';

/** What the site's index says about this page. */
export const SITE_ENTRY = {
  dir: 'draw',
  title: 'RNNs that draw',
  description: 'Watch density models of MNIST digits draw step by step, grow a texture from your picture, and score a digit you draw (FVSBN; DRAW, spatial LSTM and painter as they ship).',
};

/** Builds the page into `outDir` with the models of `modelsDir`; returns the model names. */
export async function buildSitePage(outDir: string, modelsDir: string = MODELS_DIR): Promise<string[]> {
  await buildWeb(outDir);
  const names = await shippedModels(modelsDir);
  for (const name of names) {
    await mkdir(join(outDir, 'models', name), { recursive: true });
    for (const file of MODEL_FILES) await copyFile(join(modelsDir, name, file), join(outDir, 'models', name, file));
  }
  await mkdir(join(outDir, 'models'), { recursive: true });
  await writeFile(join(outDir, 'models', 'index.json'), JSON.stringify({ models: names }));
  return names;
}
