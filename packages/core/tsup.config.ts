import { libraryConfig } from '../../tsup.library';
import { tfjsPublicImports } from './tfjs-public-imports';

export default libraryConfig({
  // tfjs-core's gradient and chained-op registration modules use extension-less imports that
  // Node ESM cannot load: bundle them (see src/tfjs-setup.ts), with their imports of tfjs-core
  // state pointed at the public `@tensorflow/tfjs-core`, so that one engine and one Tensor class
  // exist whatever the import order (see tfjs-public-imports.ts).
  noExternal: [/@tensorflow\/tfjs-core\/dist\//],
  esbuildPlugins: [tfjsPublicImports()],
});
