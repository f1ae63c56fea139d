/**
 * Synchronous data parallelism on one machine: N worker threads each hold a replica of the model
 * and compute the gradient of the loss on their slice of the global batch; the main thread sums
 * the slices' gradients and applies one optimiser step to its own copy, which the workers load
 * before the next step.
 *
 * For a loss that is a mean over the batch's examples (or tokens), the gradient of the whole batch
 * is the weighted sum of the slices' gradients, each weighted by its share of the examples
 * (tokens):
 *
 *   L = sum_i (n_i / n) L_i   =>   dL/dp = sum_i (n_i / n) dL_i/dp
 *
 * Worker i writes `(n_i / n) dL_i/dp` into its row of one shared float32 buffer laid out by
 * parameter name; the main thread adds the rows in worker order, so a run is reproducible for a
 * given worker count, and equal to the single-worker gradient up to float rounding.
 *
 * The main thread never changes a weight while a step is in flight, and a step whose worker throws
 * or dies rejects before any gradient is returned: the caller applies nothing, and the weights are
 * those of the last good step.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import { DivergenceError, InputError, type Module, Seq2SeqError, ShapeError, WeightsError } from '@seq2seq/core';
import { layoutOf, type FromWorker, type ParameterLayout, type ToWorker, type WireError, type WorkerInit } from './protocol';

/** What a worker's task factory is given. */
export interface ReplicaContext {
  /** The JSON config of {@link ReplicaSpec.config}. */
  config: unknown;
  /** {@link ReplicaSpec.seed} plus the worker index, so that dropout differs between slices. */
  seed: number;
  /** This worker's index, from 0. */
  worker: number;
  /** Number of workers. */
  workers: number;
}

/** A replica: the model and its loss on a batch (a mean over the batch's examples or tokens). */
export interface ReplicaTask<B> {
  /** Must have the same trainable parameters (names and shapes) as the main thread's model. */
  model: Module;
  /** Loss of one batch as a scalar; called inside the gradient tape. */
  loss(batch: B, training: boolean): tf.Scalar;
}

/**
 * Builds a replica inside a worker. It runs in the worker thread, so it also starts the backend
 * the replica computes on (for example `await tf.setBackend('cpu')` after importing
 * `@tensorflow/tfjs-backend-cpu`).
 */
export type ReplicaFactory<B> = (context: ReplicaContext) => ReplicaTask<B> | Promise<ReplicaTask<B>>;

/** How a worker builds its replica: a module it imports, the factory's export name, a JSON config. */
export interface ReplicaSpec {
  /**
   * The module exporting the factory, as JavaScript Node can load: a file URL (`new
   * URL('./task.js', import.meta.url)`), an absolute path, or a package specifier (resolved from
   * this package's location). Required.
   */
  module: string | URL;
  /** Name of the factory export. Default `'default'`. */
  exportName?: string;
  /** JSON-serialisable config handed to the factory (e.g. a model config). Default `null`. */
  config?: unknown;
  /** Base seed; worker `w` gets `seed + w`. Default 0. */
  seed?: number;
}

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

/** One worker's part of a global batch. */
export interface GradientSlice<B> {
  batch: B;
  /** Its share of the global batch: examples or tokens the slice's loss averages over. Default 1. */
  weight?: number;
}

/** The summed gradient of a global batch; the caller owns (and disposes) the tensors. */
export interface ParallelGradients {
  /** The global batch's loss: the slices' losses weighted by their share. */
  loss: number;
  /** Gradients by parameter name (trainable parameters only). */
  grads: Record<string, tf.Tensor>;
}

const REVIVED: Record<string, new (message: string) => Error> = {
  Seq2SeqError,
  ShapeError,
  InputError,
  WeightsError,
  DivergenceError,
};

/** An error from a worker, as the class it was thrown as when that is one of ours. */
function revive(wire: WireError, worker: number): Error {
  const Known = REVIVED[wire.name];
  const error = Known ? new Known(wire.message) : Object.assign(new Error(wire.message), { name: wire.name });
  const frames = wire.stack?.split('\n').filter((line) => line.trimStart().startsWith('at ')) ?? [];
  error.stack = [`${error.name}: ${wire.message}`, `    (thrown in data-parallel worker ${worker})`, ...frames].join('\n');
  return error;
}

interface Pending {
  resolve(loss: number): void;
  reject(error: Error): void;
}

/** One worker thread and the request it is answering. */
class Handle {
  pending: Pending | undefined;
  running = true;
  readonly exited: Promise<void>;
  constructor(readonly worker: Worker) {
    this.exited = new Promise((resolve) =>
      worker.once('exit', () => {
        this.running = false;
        resolve();
      }),
    );
  }
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
function spawn(init: WorkerInit, execArgv: string[] | undefined): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    // Running from sources (vitest, tsx): a worker thread starts as plain Node, so it registers
    // tsx's loader itself before importing the TypeScript entry (`--import tsx` in `execArgv`
    // does not reach a worker's entry on Node 20).
    const entry = new URL('./worker.ts', here).href;
    const code = `import(${JSON.stringify(tsxApi(here))}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
    return new Worker(code, { eval: true, workerData: init, execArgv });
  }
  return new Worker(new URL('./parallel-worker.js', here), { workerData: init, execArgv });
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

/** The trainable parameters of `model`, in order. */
function trainableOf(model: Module): Array<[string, tf.Variable]> {
  return model.namedParameters().filter(([, v]) => v.trainable);
}

/**
 * A pool of worker threads computing the gradient of a global batch in slices, for a model held on
 * the main thread. Start with {@link DataParallel.start}; free with {@link DataParallel.dispose}.
 */
export class DataParallel<B> {
  /** Where each trainable parameter lives in the shared buffers. */
  readonly layout: ParameterLayout;
  readonly #model: Module;
  readonly #handles: Handle[];
  readonly #weights: Float32Array;
  readonly #rows: Float32Array[];
  #nextId = 0;
  #busy = false;
  #failure: Error | undefined;
  #disposed = false;

  private constructor(model: Module, layout: ParameterLayout, handles: Handle[], weights: SharedArrayBuffer, gradients: SharedArrayBuffer) {
    this.#model = model;
    this.layout = layout;
    this.#handles = handles;
    this.#weights = new Float32Array(weights);
    this.#rows = handles.map((_, w) => new Float32Array(gradients, w * layout.size * 4, layout.size));
    handles.forEach((handle, w) => {
      handle.worker.on('message', (message: FromWorker) => this.#onMessage(w, message));
      handle.worker.on('error', (error) => this.#fail(w, error));
      handle.worker.on('exit', (code) => {
        if (!this.#disposed) this.#fail(w, new Seq2SeqError(`data-parallel worker ${w} exited (code ${code}) while training`));
      });
    });
  }

  /**
   * Starts `config.workers` threads, each building a replica from `config.replica`, and resolves
   * once every replica is built and matches `model`'s trainable parameters. `model` stays the
   * main thread's copy: the one an optimiser updates and a checkpoint saves.
   */
  static async start<B>(model: Module, config: DataParallelConfig): Promise<DataParallel<B>> {
    const { workers, replica } = config;
    if (!Number.isInteger(workers) || workers < 1) {
      throw new InputError(`DataParallel: workers must be a positive integer, got ${workers}`);
    }
    const layout = layoutOf(trainableOf(model).map(([name, v]) => [name, v.shape] as const));
    const weights = new SharedArrayBuffer(layout.size * 4);
    const gradients = new SharedArrayBuffer(workers * layout.size * 4);
    const module = await workerModule(replica.module);
    const handles: Handle[] = [];
    const ready: Array<Promise<void>> = [];
    const stopListening: Array<() => void> = [];
    for (let w = 0; w < workers; w++) {
      const init: WorkerInit = {
        module,
        exportName: replica.exportName ?? 'default',
        config: replica.config ?? null,
        seed: (replica.seed ?? 0) + w,
        worker: w,
        workers,
        layout,
        weights,
        gradients,
      };
      const worker = spawn(init, config.execArgv);
      handles.push(new Handle(worker));
      ready.push(
        new Promise<void>((resolve, reject) => {
          const onMessage = (message: FromWorker) => {
            if (message.type === 'ready') resolve();
            else if (message.type === 'error') reject(revive(message.error, w));
          };
          const onExit = (code: number) => reject(new Seq2SeqError(`data-parallel worker ${w} exited (code ${code}) while starting`));
          worker.on('message', onMessage);
          worker.on('error', reject);
          worker.on('exit', onExit);
          // Once settled, the pool's own listeners take over.
          stopListening.push(() => {
            worker.off('message', onMessage);
            worker.off('error', reject);
            worker.off('exit', onExit);
          });
        }),
      );
    }
    const outcomes = await Promise.allSettled(ready);
    for (const stop of stopListening) stop();
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) {
      await Promise.all(handles.map((h) => h.worker.terminate()));
      throw failed.reason;
    }
    return new DataParallel<B>(model, layout, handles, weights, gradients);
  }

  /** Number of worker threads. */
  get workers(): number {
    return this.#handles.length;
  }

  /** Number of worker threads still running (0 once {@link DataParallel.dispose} resolved). */
  get running(): number {
    return this.#handles.filter((h) => h.running).length;
  }

  /** The error that stopped the pool (a worker threw or died), if any. A failed pool takes no more steps. */
  get failure(): Error | undefined {
    return this.#failure;
  }

  /**
   * The gradient of the global batch made of `slices` (one per worker at most) at the main
   * model's current weights, and its loss. Rejects, with nothing returned, if a worker throws or
   * dies; the pool is then spent (dispose it).
   */
  async gradients(slices: ReadonlyArray<GradientSlice<B>>): Promise<ParallelGradients> {
    const scales = this.#begin(slices);
    try {
      const losses = await this.#run(slices.map((s, w): ToWorker => ({ type: 'step', id: this.#nextId++, batch: s.batch, scale: scales[w]! })));
      // Sum the rows in worker order: [workers, P] -> [P].
      const grads: Record<string, tf.Tensor> = {};
      for (const slot of this.layout.slots) {
        const sum = new Float32Array(slot.size);
        for (let k = 0; k < slot.size; k++) {
          let s = 0;
          for (let w = 0; w < slices.length; w++) s += this.#rows[w]![slot.offset + k]!;
          sum[k] = s;
        }
        grads[slot.name] = tf.tensor(sum, slot.shape, 'float32');
      }
      return { loss: losses.reduce((acc, l, w) => acc + scales[w]! * l, 0), grads };
    } finally {
      this.#busy = false;
    }
  }

  /** The global batch's loss without gradients (dropout off), weighted as in {@link DataParallel.gradients}. */
  async loss(slices: ReadonlyArray<GradientSlice<B>>): Promise<number> {
    const scales = this.#begin(slices);
    try {
      const losses = await this.#run(slices.map((s): ToWorker => ({ type: 'loss', id: this.#nextId++, batch: s.batch })));
      return losses.reduce((acc, l, w) => acc + scales[w]! * l, 0);
    } finally {
      this.#busy = false;
    }
  }

  /** Terminates the workers; resolves when they have exited. Calling it twice is harmless. */
  async dispose(): Promise<void> {
    this.#disposed = true;
    await Promise.all(this.#handles.map((h) => h.worker.terminate()));
    await Promise.all(this.#handles.map((h) => h.exited));
  }

  /** Checks the request and publishes the main model's weights; returns each slice's scale. */
  #begin(slices: ReadonlyArray<GradientSlice<B>>): number[] {
    if (this.#disposed) throw new InputError('DataParallel: used after dispose()');
    if (this.#failure) throw this.#failure;
    if (this.#busy) throw new InputError('DataParallel: a step is already in flight; await it first');
    if (slices.length < 1 || slices.length > this.workers) {
      throw new InputError(`DataParallel: expected 1 to ${this.workers} slices (one per worker), got ${slices.length}`);
    }
    const weights = slices.map((s) => s.weight ?? 1);
    const total = weights.reduce((a, b) => a + b, 0);
    if (weights.some((x) => !Number.isFinite(x) || x < 0) || !(total > 0)) {
      throw new InputError(`DataParallel: slice weights must be finite, non-negative and not all 0, got [${weights.join(', ')}]`);
    }
    this.#publishWeights();
    this.#busy = true;
    return weights.map((x) => x / total);
  }

  /** Main model weights -> the shared weights buffer (no step is in flight). */
  #publishWeights(): void {
    const named = trainableOf(this.#model);
    const slots = this.layout.slots;
    if (named.length !== slots.length || named.some(([n, v], i) => n !== slots[i]!.name || v.size !== slots[i]!.size)) {
      throw new WeightsError("DataParallel: the model's trainable parameters changed since start(); start a new pool");
    }
    named.forEach(([, v], i) => this.#weights.set(v.dataSync() as Float32Array, slots[i]!.offset));
  }

  /** Sends one message per worker; resolves with their losses once all succeeded. */
  async #run(messages: ToWorker[]): Promise<number[]> {
    const results = messages.map(
      (message, w) =>
        new Promise<number>((resolve, reject) => {
          this.#handles[w]!.pending = { resolve, reject };
          this.#handles[w]!.worker.postMessage(message);
        }),
    );
    // Wait for every worker, even after one failed, so that none still writes its row when the
    // caller gets control back.
    const outcomes = await Promise.allSettled(results);
    if (this.#failure) throw this.#failure;
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) throw failed.reason;
    return outcomes.map((o) => (o as PromiseFulfilledResult<number>).value);
  }

  #onMessage(w: number, message: FromWorker): void {
    const pending = this.#handles[w]!.pending;
    if (message.type === 'ready' || !pending) return;
    if (message.type === 'done') {
      this.#handles[w]!.pending = undefined;
      pending.resolve(message.loss);
    } else {
      this.#fail(w, revive(message.error, w));
    }
  }

  /** Records the first failure and rejects worker `w`'s request, if any. */
  #fail(w: number, error: Error): void {
    this.#failure ??= error;
    const pending = this.#handles[w]!.pending;
    this.#handles[w]!.pending = undefined;
    pending?.reject(error);
  }
}
