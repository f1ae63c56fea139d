import { libraryConfig } from '../../tsup.library';

export default libraryConfig({
  // tfjs-core's gradient and chained-op registration modules use extension-less imports that
  // Node ESM cannot load: bundle them (see src/tfjs-setup.ts).
  noExternal: [/@tensorflow\/tfjs-core\/dist\//],
});
