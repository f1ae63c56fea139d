import { libraryConfig } from '../../tsup.library';

export default libraryConfig({
  // The library, and the vitest helpers behind the `./testing` subpath.
  entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' },
  // `import.meta.url` (used to find the installed WASM binaries) also in the CommonJS build.
  shims: true,
});
