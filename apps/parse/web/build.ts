/**
 * Builds the page into web/dist (scripts/web-page/build-page.ts: esbuild bundles of main.ts and
 * worker.ts from the workspace's sources, index.html, the tfjs WASM binaries).
 *
 *   pnpm --filter @seq2seq/parse-app web:build
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPage } from '../../../scripts/web-page/build-page';

const here = dirname(fileURLToPath(import.meta.url));

/** Where the page is built by default. */
export const DIST_DIR = join(here, 'dist');

/** Builds the page into `outDir` (emptied first) and returns the folder. */
export async function buildWeb(outDir: string = DIST_DIR, options: { minify?: boolean } = {}): Promise<string> {
  return buildPage({ webDir: here, outDir, app: '@seq2seq/parse-app', minify: options.minify });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = performance.now();
  const out = await buildWeb();
  console.log(`built ${out} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
