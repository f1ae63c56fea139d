import { libraryConfig } from '../../tsup.library';

export default libraryConfig({
  entry: {
    index: 'src/index.ts',
    // A subpath of its own (`@seq2seq/datasets/images`): it carries the vendored MNIST digits,
    // which text and geometry users should never load.
    images: 'src/image/index.ts',
  },
  // delaunator 5 and fast-png 8 (with its iobuffer) are ESM-only: bundle them so the CJS build
  // loads on every Node 20 (require(esm) arrived only in 20.19). fflate, which fast-png
  // inflates with, ships CJS and browser builds of its own and stays an ordinary dependency.
  noExternal: ['delaunator', 'fast-png', 'iobuffer'],
  // Shared code (DatasetError above all) in shared chunks for CommonJS too, so that an error thrown
  // by one entry is an instance of the class the other exports.
  splitting: true,
  esbuildOptions(options) {
    // The source maps point at the sources without embedding them: the vendored data modules
    // would otherwise be shipped twice more inside the maps.
    options.sourcesContent = false;
  },
});
