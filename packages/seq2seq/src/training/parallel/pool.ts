/**
 * Synchronous data parallelism on one machine, whatever the workers are: N workers each hold a
 * replica of the model and compute the gradient of the loss on their slice of the global batch;
 * the main thread sums the slices' gradients and applies one optimiser step to its own copy,
 * which the workers load before the next step.
 *
 * For a loss that is a mean over the batch's examples (or tokens), the gradient of the whole batch
 * is the weighted sum of the slices' gradients, each weighted by its share of the examples
 * (tokens):
 *
 *   L = sum_i (n_i / n) L_i   =>   dL/dp = sum_i (n_i / n) dL_i/dp
 *
 * Worker i computes `(n_i / n) dL_i/dp` into its row (of a shared buffer, or a transferred one;
 * see protocol.ts); the main thread adds the rows in worker order, so a run is reproducible for a
 * given worker count, and equal to the single-worker gradient up to float rounding.
 *
 * The main thread never changes a weight while a step is in flight, and a step whose worker throws
 * or dies rejects before any gradient is returned: the caller applies nothing, and the weights are
 * those of the last good step.
 *
 * The transport (`worker_threads`, Web Workers) is a {@link WorkerLink} per worker: see
 * `DataParallel` (Node, data-parallel.ts) and `WebDataParallel` (browser, web.ts). No Node built-ins.
 */
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
 * Builds a replica inside a worker. It runs in the worker, so it also starts the backend the
 * replica computes on (for example `await tf.setBackend('cpu')` after importing
 * `@tensorflow/tfjs-backend-cpu`).
 */
export type ReplicaFactory<B> = (context: ReplicaContext) => ReplicaTask<B> | Promise<ReplicaTask<B>>;

/** How a worker builds its replica: a module it imports, the factory's export name, a JSON config. */
export interface ReplicaSpec {
  /**
   * The module exporting the factory, as JavaScript Node can load: a file URL (`new
   * URL('./task.js', import.meta.url)`), an absolute path, or a package specifier (resolved from
   * this package's location). Required (a Web Worker entry that serves its own factories ignores it).
   */
  module: string | URL;
  /** Name of the factory export. Default `'default'`. */
  exportName?: string;
  /** JSON-serialisable config handed to the factory (e.g. a model config). Default `null`. */
  config?: unknown;
  /** Base seed; worker `w` gets `seed + w`. Default 0. */
  seed?: number;
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

/** What a pool hears from one worker. */
export interface WorkerListeners {
  message(message: FromWorker): void;
  /** The worker threw outside a request (e.g. while loading). */
  error(error: Error): void;
  /** The worker is gone (Node's `exit`; a Web Worker has no such event). */
  exit(code: number): void;
}

/** One worker as a pool drives it: the transport's part. */
export interface WorkerLink {
  /** Posts a message, transferring `transfer`. */
  post(message: ToWorker, transfer?: ArrayBuffer[]): void;
  /** Registers the pool's listeners (called once, right after the link is made). */
  listen(listeners: WorkerListeners): void;
  /** Ends the worker; resolves when it is gone. */
  terminate(): Promise<void>;
}

/** What {@link ReplicaPool.open} needs from a transport. */
export interface PoolTransport {
  /** Number of workers, at least 1. */
  workers: number;
  /** Makes worker `index`'s link. */
  spawn(index: number): WorkerLink;
  /** Share numbers through `SharedArrayBuffer`s (else transferred buffers). */
  sharedMemory: boolean;
  /** What each worker's `init` message says about its replica (module, export, config, base seed). */
  replica: ReplicaSpec;
  /** `replica.module` as the worker should import it. */
  module: string;
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
  resolve(done: { loss: number; gradient?: Float32Array }): void;
  reject(error: Error): void;
}

/** @internal One worker of a pool and the request it is answering. */
export class Handle {
  pending: Pending | undefined;
  running = true;
  /** Settles the start: `ready`, or the worker's error. */
  starting: Pending | undefined;
  constructor(readonly link: WorkerLink) {}
}

/** The trainable parameters of `model`, in order. */
function trainableOf(model: Module): Array<[string, tf.Variable]> {
  return model.namedParameters().filter(([, v]) => v.trainable);
}

/**
 * A pool of workers computing the gradient of a global batch in slices, for a model held on the
 * main thread, over any transport. Open with `DataParallel.start` (Node) or
 * `WebDataParallel.start` (browser); free with {@link ReplicaPool.dispose}.
 */
export class ReplicaPool<B> {
  /** Where each trainable parameter lives in the flat buffers. */
  readonly layout: ParameterLayout;
  /** Whether numbers travel through shared memory (else transferred buffers). */
  readonly sharedMemory: boolean;
  readonly #model: Module;
  readonly #handles: Handle[];
  readonly #weights: Float32Array;
  readonly #rows: Float32Array[];
  #nextId = 0;
  #busy = false;
  #failure: Error | undefined;
  #disposed = false;

  /** @internal Open a pool with `DataParallel.start` or `WebDataParallel.start`. */
  constructor(model: Module, layout: ParameterLayout, handles: Handle[], shared: WorkerInit['shared']) {
    this.#model = model;
    this.layout = layout;
    this.sharedMemory = shared !== undefined;
    this.#handles = handles;
    this.#weights = shared ? new Float32Array(shared.weights) : new Float32Array(layout.size);
    this.#rows = handles.map((_, w) => (shared ? new Float32Array(shared.gradients, w * layout.size * 4, layout.size) : new Float32Array(layout.size)));
  }

  /**
   * Starts `transport.workers` workers, each building a replica, and resolves once every replica
   * is built and matches `model`'s trainable parameters (else terminates them all and rejects).
   * `model` stays the main thread's copy: the one an optimiser updates and a checkpoint saves.
   */
  protected static async open<B, P extends ReplicaPool<B>>(
    this: new (model: Module, layout: ParameterLayout, handles: Handle[], shared: WorkerInit['shared']) => P,
    model: Module,
    transport: PoolTransport,
  ): Promise<P> {
    const { workers, replica } = transport;
    if (!Number.isInteger(workers) || workers < 1) {
      throw new InputError(`DataParallel: workers must be a positive integer, got ${workers}`);
    }
    const layout = layoutOf(trainableOf(model).map(([name, v]) => [name, v.shape] as const));
    const shared = transport.sharedMemory
      ? { weights: new SharedArrayBuffer(layout.size * 4), gradients: new SharedArrayBuffer(workers * layout.size * 4) }
      : undefined;
    const handles: Handle[] = [];
    const ready: Array<Promise<unknown>> = [];
    let pool: P | undefined;
    for (let w = 0; w < workers; w++) {
      let link: WorkerLink;
      try {
        link = transport.spawn(w);
      } catch (error) {
        await Promise.all(handles.map((h) => h.link.terminate())); // none outlives a failed start
        throw error;
      }
      const handle = new Handle(link);
      handles.push(handle);
      ready.push(new Promise((resolve, reject) => (handle.starting = { resolve, reject })));
      handle.link.listen({
        message: (message) => {
          if (handle.starting) ReplicaPool.#onStartMessage(handle, w, message);
          else if (pool) pool.#onMessage(w, message);
        },
        error: (error) => {
          if (handle.starting) ReplicaPool.#settleStart(handle, error);
          else if (pool) pool.#fail(w, error);
        },
        exit: (code) => {
          handle.running = false;
          if (handle.starting) ReplicaPool.#settleStart(handle, new Seq2SeqError(`data-parallel worker ${w} exited (code ${code}) while starting`));
          else if (pool && !pool.#disposed) pool.#fail(w, new Seq2SeqError(`data-parallel worker ${w} exited (code ${code}) while training`));
        },
      });
      const init: WorkerInit = {
        module: transport.module,
        exportName: replica.exportName ?? 'default',
        config: replica.config ?? null,
        seed: (replica.seed ?? 0) + w,
        worker: w,
        workers,
        layout,
        shared,
      };
      handle.link.post({ type: 'init', init });
    }
    const outcomes = await Promise.allSettled(ready);
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) {
      await Promise.all(handles.map(async (h) => {
        await h.link.terminate();
        h.running = false;
      }));
      throw failed.reason;
    }
    pool = new this(model, layout, handles, shared);
    return pool;
  }

  static #onStartMessage(handle: Handle, w: number, message: FromWorker): void {
    if (message.type === 'ready') ReplicaPool.#settleStart(handle);
    else if (message.type === 'error') ReplicaPool.#settleStart(handle, revive(message.error, w));
  }

  static #settleStart(handle: Handle, error?: Error): void {
    const starting = handle.starting;
    handle.starting = undefined;
    if (error) starting?.reject(error);
    else starting?.resolve({ loss: 0 });
  }

  /** Number of workers. */
  get workers(): number {
    return this.#handles.length;
  }

  /** Number of workers still running (0 once {@link ReplicaPool.dispose} resolved). */
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
      const done = await this.#run(slices.map((s, w): ToWorker => ({ type: 'step', id: this.#nextId++, batch: s.batch, scale: scales[w]! })));
      done.forEach((d, w) => {
        if (this.sharedMemory) return;
        if (!d.gradient || d.gradient.length !== this.layout.size) throw new Seq2SeqError(`data-parallel worker ${w} gave back no gradient row of ${this.layout.size} numbers`);
        this.#rows[w] = d.gradient;
      });
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
      return { loss: done.reduce((acc, d, w) => acc + scales[w]! * d.loss, 0), grads };
    } finally {
      this.#busy = false;
    }
  }

  /** The global batch's loss without gradients (dropout off), weighted as in {@link ReplicaPool.gradients}. */
  async loss(slices: ReadonlyArray<GradientSlice<B>>): Promise<number> {
    const scales = this.#begin(slices);
    try {
      const done = await this.#run(slices.map((s): ToWorker => ({ type: 'loss', id: this.#nextId++, batch: s.batch })));
      return done.reduce((acc, d, w) => acc + scales[w]! * d.loss, 0);
    } finally {
      this.#busy = false;
    }
  }

  /** Ends the workers; resolves when they are gone. Calling it twice is harmless. */
  async dispose(): Promise<void> {
    this.#disposed = true;
    await Promise.all(
      this.#handles.map(async (h) => {
        await h.link.terminate();
        h.running = false;
      }),
    );
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

  /** Main model weights -> the weights buffer (no step is in flight). */
  #publishWeights(): void {
    const named = trainableOf(this.#model);
    const slots = this.layout.slots;
    if (named.length !== slots.length || named.some(([n, v], i) => n !== slots[i]!.name || v.size !== slots[i]!.size)) {
      throw new WeightsError("DataParallel: the model's trainable parameters changed since start(); start a new pool");
    }
    named.forEach(([, v], i) => this.#weights.set(v.dataSync() as Float32Array, slots[i]!.offset));
  }

  /** Sends one message per worker (with a copy of the weights without shared memory); resolves once all succeeded. */
  async #run(messages: ToWorker[]): Promise<Array<{ loss: number; gradient?: Float32Array }>> {
    const results = messages.map(
      (message, w) =>
        new Promise<{ loss: number; gradient?: Float32Array }>((resolve, reject) => {
          const handle = this.#handles[w]!;
          handle.pending = { resolve, reject };
          if (this.sharedMemory || message.type === 'init') {
            handle.link.post(message);
          } else {
            const weights = this.#weights.slice();
            handle.link.post({ ...message, weights }, [weights.buffer]);
          }
        }),
    );
    // Wait for every worker, even after one failed, so that none still writes its row when the
    // caller gets control back.
    const outcomes = await Promise.allSettled(results);
    if (this.#failure) throw this.#failure;
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) throw failed.reason;
    return outcomes.map((o) => (o as PromiseFulfilledResult<{ loss: number; gradient?: Float32Array }>).value);
  }

  #onMessage(w: number, message: FromWorker): void {
    const pending = this.#handles[w]!.pending;
    if (message.type === 'ready' || !pending) return;
    if (message.type === 'done') {
      this.#handles[w]!.pending = undefined;
      pending.resolve({ loss: message.loss, gradient: message.gradient });
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
