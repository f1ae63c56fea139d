import { libraryConfig } from '../../tsup.library';

export default libraryConfig({
  entry: {
    index: 'src/index.ts',
    // Node only, a subpath of its own so that the main entry bundles for the browser.
    parallel: 'src/training/parallel/index.ts',
    // Browser-safe: the same pool over Web Workers.
    'parallel-web': 'src/training/parallel/web-index.ts',
    // The worker threads' entry, found next to the built `parallel` module.
    'parallel-worker': 'src/training/parallel/worker.ts',
    // The built-in replicas' worker side (seq2seqReplica, pointerReplica), found the same way.
    'parallel-replicas': 'src/training/parallel/replica-factories.ts',
    // The decoding workers' entry (TranslatorPool), found the same way.
    'translator-worker': 'src/decoding/parallel/translator-worker.ts',
  },
  // `import.meta.url` (where the worker entry is) in the CommonJS build too.
  shims: true,
});
