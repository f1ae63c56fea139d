/**
 * Builds the page into web/dist (scripts/web-page/build-page.ts: esbuild bundles of main.ts and
 * worker.ts from the workspace's sources, index.html, the tfjs WASM binaries) plus the example
 * images (test/fixtures/digits-*.png, strings from the MNIST test pool) under examples/.
 *
 *   pnpm --filter @seq2seq/vision-app web:build
 */
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPage } from '../../../scripts/web-page/build-page';

const here = dirname(fileURLToPath(import.meta.url));

/** Where the page is built by default. */
export const DIST_DIR = join(here, 'dist');

/** Builds the page into `outDir` (emptied first) and returns the folder. */
export async function buildWeb(outDir: string = DIST_DIR, options: { minify?: boolean } = {}): Promise<string> {
  await buildPage({ webDir: here, outDir, app: '@seq2seq/vision-app', minify: options.minify });
  const fixtures = join(here, '..', 'test', 'fixtures');
  await mkdir(join(outDir, 'examples'), { recursive: true });
  for (const name of await readdir(fixtures)) if (/^digits-\d+\.png$/.test(name)) await copyFile(join(fixtures, name), join(outDir, 'examples', name));
  return outDir;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = performance.now();
  const out = await buildWeb();
  console.log(`built ${out} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
