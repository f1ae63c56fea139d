/**
 * Entry of a data-parallel worker thread in Node (see data-parallel.ts): the protocol of
 * replica-runner.ts over `parentPort`, with the factory imported from the module the main thread
 * names.
 */
import { parentPort } from 'node:worker_threads';
import type { ReplicaFactory } from './pool';
import type { FromWorker, ToWorker } from './protocol';
import { serveReplicaOn } from './replica-runner';

const port = parentPort!;

serveReplicaOn(
  {
    post: (message: FromWorker, transfer?: ArrayBuffer[]) => port.postMessage(message, transfer ?? []),
    onMessage: (listener: (message: ToWorker) => void) => port.on('message', listener),
  },
  async (init) => ((await import(init.module)) as Record<string, ReplicaFactory<unknown>>)[init.exportName]!,
);
