import { libraryConfig } from '../../tsup.library';

export default libraryConfig({
  // delaunator 5 is ESM-only: bundle it so the CJS build loads on every Node 20 (require(esm)
  // arrived only in 20.19).
  noExternal: ['delaunator'],
});
