/**
 * Data parallelism on Node's worker threads: {@link ReplicaPool} (pool.ts: the protocol, the
 * weighted gradient sum, the failure rules) over `worker_threads`, numbers shared through
 * `SharedArrayBuffer`. Node only.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Module } from '@seq2seq/core';
import { ReplicaPool, type ReplicaSpec, type WorkerLink } from './pool';

export type {
  GradientSlice,
  ParallelGradients,
  ReplicaContext,
  ReplicaFactory,
  ReplicaSpec,
  ReplicaTask,
} from './pool';

/** Options of {@link DataParallel.start}. */
export interface DataParallelConfig {
  /** Number of worker threads, at least 1. Required. */
  workers: number;
  /** How each worker builds its replica. Required. */
  replica: ReplicaSpec;
  /**
   * Node options of the worker threads. Default: none when this package runs from its build;
   * when it runs from its TypeScript sources (tests), the workers register tsx themselves.
   */
  execArgv?: string[];
}

/**
 * The ES module of tsx's `register()` API (`tsx/esm/api` under the `import` condition), found
 * from `from`. A worker's bootstrap is a script, whose `import()` resolves bare names from the
 * working directory; an absolute URL works from anywhere.
 */
function tsxApi(from: string): string {
  const packageJson = createRequire(from).resolve('tsx/package.json');
  const manifest = JSON.parse(readFileSync(packageJson, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(join(dirname(packageJson), manifest.exports['./esm/api']!.import.default)).href;
}

/** Spawns a worker on the built entry, or on the TypeScript source through tsx. */
function spawn(execArgv: string[] | undefined): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    // Running from sources (vitest, tsx): a worker thread starts as plain Node, so it registers
    // tsx's loader itself before importing the TypeScript entry (`--import tsx` in `execArgv`
    // does not reach a worker's entry on Node 20).
    const entry = new URL('./worker.ts', here).href;
    const code = `import(${JSON.stringify(tsxApi(here))}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
    return new Worker(code, { eval: true, execArgv });
  }
  return new Worker(new URL('./parallel-worker.js', here), { execArgv });
}

/** A worker thread as a {@link WorkerLink}. */
function nodeLink(worker: Worker): WorkerLink {
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    post: (message, transfer) => worker.postMessage(message, transfer ?? []),
    listen: (listeners) => {
      worker.on('message', listeners.message);
      worker.on('error', listeners.error);
      worker.on('exit', listeners.exit);
    },
    terminate: async () => {
      await worker.terminate();
      await exited;
    },
  };
}

function moduleHref(module: string | URL): string {
  if (module instanceof URL) return module.href;
  if (module.startsWith('/') || /^[A-Za-z]:[\\/]/.test(module)) return pathToFileURL(module).href;
  return module;
}

/**
 * The module a worker imports. From this package's build, `module` as given. From its TypeScript
 * sources (vitest, tsx), a `.ts` replica module (such as the built-in ones of replicas.ts) is
 * bundled first into JavaScript a worker thread can load (see fixtures/bundle.ts); the bundler is
 * a development dependency, imported by a computed URL so that the build never includes it.
 */
async function workerModule(module: string | URL): Promise<string> {
  const href = moduleHref(module);
  if (!import.meta.url.endsWith('.ts') || !href.startsWith('file:') || !href.endsWith('.ts')) return href;
  const bundler = new URL('./fixtures/bundle.ts', import.meta.url).href;
  const { bundleFixture } = (await import(/* @vite-ignore */ bundler)) as typeof import('./fixtures/bundle');
  const path = fileURLToPath(href);
  const name = path.replace(/\.ts$/, '').split(/[\\/]/).slice(-2).join('-');
  return (await bundleFixture(path, `source-${name}`)).href;
}

/**
 * A pool of worker threads computing the gradient of a global batch in slices, for a model held on
 * the main thread (see {@link ReplicaPool}). Start with {@link DataParallel.start}; free with
 * {@link ReplicaPool.dispose}.
 */
export class DataParallel<B> extends ReplicaPool<B> {
  /**
   * Starts `config.workers` threads, each building a replica from `config.replica`, and resolves
   * once every replica is built and matches `model`'s trainable parameters. `model` stays the
   * main thread's copy: the one an optimiser updates and a checkpoint saves.
   */
  static async start<B>(model: Module, config: DataParallelConfig): Promise<DataParallel<B>> {
    const module = Number.isInteger(config.workers) && config.workers >= 1 ? await workerModule(config.replica.module) : '';
    return (await DataParallel.open<B, DataParallel<B>>(model, {
      workers: config.workers,
      replica: config.replica,
      module,
      sharedMemory: true,
      spawn: () => nodeLink(spawn(config.execArgv)),
    })) as DataParallel<B>;
  }
}
