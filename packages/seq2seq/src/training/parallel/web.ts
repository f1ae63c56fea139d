/**
 * `@seq2seq/seq2seq/parallel-web`: data-parallel training on Web Workers, in a page. The same
 * protocol and pool as the Node subpath (pool.ts), over Web Workers: numbers shared through
 * `SharedArrayBuffer` when the page is cross-origin isolated (served with
 * `Cross-Origin-Opener-Policy: same-origin` and `Cross-Origin-Embedder-Policy: require-corp`),
 * else sent in transferred buffers; the rows are summed in worker order either way, so a run gives
 * the same numbers both ways. No Node built-ins.
 *
 * The page bundles a worker entry of its own that serves the replica factories:
 *
 * ```ts
 * // replica-worker.ts
 * import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
 * import { seq2seqReplicaFactory, serveReplica } from '@seq2seq/seq2seq/parallel-web';
 * setWasmPaths('/wasm/'); // where the page serves the .wasm files
 * serveReplica({ seq2seqReplicaFactory });
 *
 * // main.ts
 * const pool = await WebDataParallel.start(model, {
 *   workers: 'auto',
 *   createWorker: () => new Worker(new URL('./replica-worker.js', import.meta.url), { type: 'module' }),
 *   replica: seq2seqReplica({ model: config, backend: 'wasm' }), // its `module` is not used here
 * });
 * const task = poolTask(baseTask, pool, splitTokenBatch); // a TrainingTask for the Trainer
 * ```
 */
import { InputError, type Module, Seq2SeqError } from '@seq2seq/core';
import { ReplicaPool, type ReplicaFactory, type ReplicaSpec, type WorkerLink } from './pool';
import type { FromWorker, ToWorker } from './protocol';
import { serveReplicaOn } from './replica-runner';

/** A worker count, or `'auto'`: the page's cores less one for its main thread (see {@link webWorkerCount}). */
export type WebWorkerCount = number | 'auto';

/** `'auto'`: `navigator.hardwareConcurrency - 1` (at least 1), the main thread keeps a core; else `workers`, checked. */
export function webWorkerCount(workers: WebWorkerCount): number {
  if (workers === 'auto') {
    const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 2;
    return Math.max(1, cores - 1);
  }
  if (!Number.isInteger(workers) || workers < 1) throw new InputError(`workers must be a positive integer or 'auto', got ${String(workers)}`);
  return workers;
}

/** Whether this page can share memory with its workers (`crossOriginIsolated` and `SharedArrayBuffer`). */
export function canShareMemory(): boolean {
  return (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true && typeof SharedArrayBuffer === 'function';
}

/** Options of {@link WebDataParallel.start}. */
export interface WebDataParallelConfig {
  /** Web Workers: a positive integer or `'auto'` (see {@link webWorkerCount}). Required. */
  workers: WebWorkerCount;
  /**
   * Makes worker `index`: a module worker on an entry that calls {@link serveReplica}, e.g.
   * `() => new Worker(new URL('./replica-worker.js', import.meta.url), { type: 'module' })`. Required.
   */
  createWorker: (index: number) => Worker;
  /** Which served factory builds each replica (`exportName`), its JSON config and base seed. Required. */
  replica: Omit<ReplicaSpec, 'module'>;
  /** Share numbers through `SharedArrayBuffer`. Default {@link canShareMemory}(); `true` without it is an error. */
  sharedMemory?: boolean;
}

/** A Web Worker as a {@link WorkerLink}. A worker has no exit event: an uncaught error stops the pool. */
function webLink(worker: Worker, index: number): WorkerLink {
  return {
    post: (message, transfer) => worker.postMessage(message, transfer ?? []),
    listen: (listeners) => {
      worker.addEventListener('message', (event: MessageEvent<FromWorker>) => listeners.message(event.data));
      worker.addEventListener('error', (event: ErrorEvent) => {
        event.preventDefault();
        listeners.error(new Seq2SeqError(`data-parallel web worker ${index} failed: ${event.message || 'it could not load or threw outside a step'}`));
      });
      worker.addEventListener('messageerror', () => listeners.error(new Seq2SeqError(`data-parallel web worker ${index}: a message could not be read`)));
    },
    terminate: async () => worker.terminate(),
  };
}

/**
 * A pool of Web Workers computing the gradient of a global batch in slices, for a model held on
 * the page's main thread (see {@link ReplicaPool}: `gradients`, `loss`, `dispose`, `failure`).
 */
export class WebDataParallel<B> extends ReplicaPool<B> {
  /** Starts the workers and resolves once every replica is built and matches `model`. */
  static async start<B>(model: Module, config: WebDataParallelConfig): Promise<WebDataParallel<B>> {
    const workers = webWorkerCount(config.workers);
    const sharedMemory = config.sharedMemory ?? canShareMemory();
    if (sharedMemory && typeof SharedArrayBuffer !== 'function') {
      throw new InputError('WebDataParallel: sharedMemory needs SharedArrayBuffer: serve the page cross-origin isolated (COOP same-origin, COEP require-corp)');
    }
    return (await WebDataParallel.open<B, WebDataParallel<B>>(model, {
      workers,
      replica: { ...config.replica, module: '' },
      module: '',
      sharedMemory,
      spawn: (index) => webLink(config.createWorker(index), index),
    })) as WebDataParallel<B>;
  }
}

/**
 * The body of a Web Worker entry: serves the protocol with `factories` (by name; the pool's
 * `replica.exportName` picks one, `'default'` when it gives none). Import the backend the
 * replicas compute on in the same entry.
 */
export function serveReplica(factories: Record<string, ReplicaFactory<never>> | ReplicaFactory<never>): void {
  const scope = globalThis as unknown as {
    postMessage(message: FromWorker, transfer: ArrayBuffer[]): void;
    addEventListener(type: 'message', listener: (event: MessageEvent<ToWorker>) => void): void;
  };
  const byName = typeof factories === 'function' ? { default: factories } : factories;
  serveReplicaOn(
    {
      post: (message, transfer) => scope.postMessage(message, transfer ?? []),
      onMessage: (listener) => scope.addEventListener('message', (event) => listener(event.data)),
    },
    (init) => {
      const factory = byName[init.exportName];
      if (!factory) throw Object.assign(new Error(`data-parallel web worker: no factory '${init.exportName}' served (have: ${Object.keys(byName).join(', ')})`), { name: 'InputError' });
      return factory as ReplicaFactory<unknown>;
    },
  );
}
