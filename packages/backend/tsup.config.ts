import { defineConfig } from 'tsup';

export default defineConfig({
  // The library, and the vitest helpers behind the `./testing` subpath.
  entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  // `import.meta.url` (used to find the installed WASM binaries) also in the CommonJS build.
  shims: true,
});
