/**
 * Builds the page into web/dist: index.html, main.js and worker.js (esbuild bundles, read from
 * the workspace's sources through the `@seq2seq/source` condition, so no library build is
 * needed) and the tfjs WASM binaries under wasm/.
 *
 *   pnpm --filter @seq2seq/pointer-app web:build
 */
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** Where the page is built by default. */
export const DIST_DIR = join(here, 'dist');

/** The WASM binaries tfjs-backend-wasm may ask for (plain, SIMD, threaded SIMD). */
export const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];

const requireHere = createRequire(import.meta.url);
/** Resolves from @seq2seq/backend, the package that imports tfjs-backend-wasm. */
const requireBackend = createRequire(requireHere.resolve('@seq2seq/backend/package.json'));

/** The part of esbuild's API this file uses. */
interface Esbuild {
  build(options: Record<string, unknown>): Promise<unknown>;
}

/**
 * esbuild: this app's own when it declares one, else the one @seq2seq/backend bundles its
 * browser test with.
 */
async function loadEsbuild(): Promise<Esbuild> {
  for (const require of [requireHere, requireBackend]) {
    try {
      return (await import(pathToFileURL(require.resolve('esbuild')).href)) as Esbuild;
    } catch {
      // Not resolvable from there; try the next.
    }
  }
  throw new Error('web:build needs esbuild: add it to devDependencies of @seq2seq/pointer-app, or install @seq2seq/backend with its devDependencies');
}

/** Builds the page into `outDir` (emptied first) and returns the folder. */
export async function buildWeb(outDir: string = DIST_DIR, options: { minify?: boolean } = {}): Promise<string> {
  const esbuild = await loadEsbuild();
  await rm(outDir, { recursive: true, force: true });
  await mkdir(join(outDir, 'wasm'), { recursive: true });
  await esbuild.build({
    entryPoints: { main: join(here, 'main.ts'), worker: join(here, 'worker.ts') },
    outdir: outDir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@seq2seq/source'],
    // Checkpoint files on disk are Node-only code paths the browser never takes.
    external: ['node:*'],
    minify: options.minify ?? true,
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  await copyFile(join(here, 'index.html'), join(outDir, 'index.html'));
  const wasmDir = join(dirname(requireBackend.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  await Promise.all(WASM_FILES.map((name) => copyFile(join(wasmDir, name), join(outDir, 'wasm', name))));
  return outDir;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = performance.now();
  const out = await buildWeb();
  console.log(`built ${out} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
