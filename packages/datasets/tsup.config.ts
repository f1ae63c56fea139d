import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  // delaunator 5 is ESM-only: bundle it so the CJS build loads on every Node 20 (require(esm)
  // arrived only in 20.19).
  noExternal: ['delaunator'],
});
