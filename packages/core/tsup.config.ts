import { libraryConfig } from '../../tsup.library';
import { tfjsPublicImports } from './tfjs-public-imports';

export default libraryConfig({
  // tfjs-core's gradient and chained-op registration modules use extension-less imports that
  // Node ESM cannot load: bundle them (see src/tfjs-setup.ts), with their imports of tfjs-core
  // state pointed at the public `@tensorflow/tfjs-core`, so that one engine and one Tensor class
  // exist whatever the import order (see tfjs-public-imports.ts).
  noExternal: [/@tensorflow\/tfjs-core\/dist\//],
  esbuildPlugins: [tfjsPublicImports()],
  dts: {
    // The typings of the chained ops (`x.add(y)`) are module augmentations in these files; the
    // bundled .d.ts would drop the side-effect import that brings them to a user's compiler.
    banner: "import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops.js';",
  },
});
