import { defineConfig, type Options } from 'tsup';

/**
 * The build every library shares: ESM and CommonJS with `.d.ts`/`.d.cts`, source maps, ES2022.
 * A package passes only what differs (more entries, code to bundle).
 */
export function libraryConfig(overrides: Options = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    // Helpers marked `@internal` stay out of the published typings.
    dts: { compilerOptions: { stripInternal: true } },
    clean: true,
    sourcemap: true,
    target: 'es2022',
    ...overrides,
  });
}
