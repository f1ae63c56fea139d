import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  // tfjs-core's gradient and chained-op registration modules use extension-less imports that
  // Node ESM cannot load: bundle them (see src/tfjs-setup.ts).
  noExternal: [/@tensorflow\/tfjs-core\/dist\//],
});
