/**
 * Builds an app's web page (shared by apps/translate and apps/pointer): index.html, main.js and
 * worker.js (esbuild bundles, read from the workspace's sources through the `@seq2seq/source`
 * condition, so no library build is needed) and the tfjs WASM binaries under wasm/.
 */
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The WASM binaries tfjs-backend-wasm may ask for (plain, SIMD, threaded SIMD). */
export const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];

/** What {@link buildPage} builds. */
export interface PageBuild {
  /** The app's web folder: index.html, main.ts and worker.ts. */
  webDir: string;
  /** Output folder, emptied first. */
  outDir: string;
  /** The app's package name, for the error when esbuild is missing. */
  app: string;
  /** Default true. */
  minify?: boolean;
  /** More bundles beside main.js and worker.js: output name -> file in `webDir` (e.g. a nested worker). Default none. */
  extraEntries?: Record<string, string>;
}

/** The part of esbuild's API used here. */
interface Esbuild {
  build(options: Record<string, unknown>): Promise<unknown>;
}

/** esbuild: the app's own when it declares one, else the one @seq2seq/backend bundles its browser test with. */
async function loadEsbuild(requires: readonly NodeJS.Require[], app: string): Promise<Esbuild> {
  for (const require of requires) {
    try {
      return (await import(pathToFileURL(require.resolve('esbuild')).href)) as Esbuild;
    } catch {
      // Not resolvable from there; try the next.
    }
  }
  throw new Error(`web:build needs esbuild: add it to devDependencies of ${app}, or install @seq2seq/backend with its devDependencies`);
}

/** Builds the page of `build.webDir` into `build.outDir` and returns that folder. */
export async function buildPage(build: PageBuild): Promise<string> {
  const { webDir, outDir } = build;
  // Resolve from the app (its dependencies), and from @seq2seq/backend (tfjs-backend-wasm).
  const requireApp = createRequire(join(webDir, 'index.html'));
  const requireBackend = createRequire(requireApp.resolve('@seq2seq/backend/package.json'));
  const esbuild = await loadEsbuild([requireApp, requireBackend], build.app);
  await rm(outDir, { recursive: true, force: true });
  await mkdir(join(outDir, 'wasm'), { recursive: true });
  await esbuild.build({
    entryPoints: {
      main: join(webDir, 'main.ts'),
      worker: join(webDir, 'worker.ts'),
      ...Object.fromEntries(Object.entries(build.extraEntries ?? {}).map(([name, file]) => [name, join(webDir, file)])),
    },
    outdir: outDir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@seq2seq/source'],
    // Checkpoint files on disk are Node-only code paths the browser never takes.
    external: ['node:*'],
    minify: build.minify ?? true,
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  await copyFile(join(webDir, 'index.html'), join(outDir, 'index.html'));
  const wasmDir = join(dirname(requireBackend.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  await Promise.all(WASM_FILES.map((name) => copyFile(join(wasmDir, name), join(outDir, 'wasm', name))));
  return outDir;
}
