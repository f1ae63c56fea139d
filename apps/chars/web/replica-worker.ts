/**
 * A replica Web Worker of data-parallel training (started by the training worker, worker.ts, when
 * the page trains on more than one worker): serves `charLanguageModelReplicaFactory` of
 * `@seq2seq/seq2seq/parallel-web`, after starting the backend the training worker computes on,
 * single-threaded (the replicas are the parallelism). WASM loads from `wasm/` beside this file.
 */
import { createRuntime } from '@seq2seq/backend';
import { charLanguageModelReplicaFactory, serveReplica, type ReplicaContext } from '@seq2seq/seq2seq/parallel-web';

serveReplica({
  charLanguageModelReplicaFactory: async (context: ReplicaContext) => {
    const { backend } = context.config as { backend: 'wasm' | 'cpu' | 'webgpu' };
    await createRuntime({ prefer: [backend], wasmPaths: new URL('wasm/', self.location.href).href, threads: false });
    return charLanguageModelReplicaFactory(context);
  },
});
