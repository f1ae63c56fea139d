/**
 * Decoding on worker threads: each worker loads a translation checkpoint once and decodes whole
 * batches with `Translator.translate`; the main thread only tokenises (to sort by length), queues
 * the batches and hands each to the next free worker, so N workers share the work evenly
 * whatever the sentences' lengths. A sentence's translation does not depend on its batch (see
 * `TranslateOptions.batchSize`), so the answers are those of one `Translator` on one thread, in
 * any batching and on any worker. Node only.
 *
 * Failure rules: an error thrown while decoding one batch (bad options) rejects that batch only;
 * a worker that dies (crash, out of memory, terminated) fails the pool: every queued and running
 * batch rejects with a message naming the worker and its exit code, and the pool takes no more.
 */
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import { InputError, Seq2SeqError, ShapeError, WeightsError } from '@seq2seq/core';
import { Vocabulary, tokenizerFromJSON, type Tokenizer } from '@seq2seq/datasets';
import { loadCheckpointManifest } from '../../checkpoint';
import type { Seq2SeqConfig } from '../../config';
import type { WireError } from '../../training/parallel/protocol';
import type { TranslateOptions, Translation, TranslationData } from '../../translator';
import type { FromTranslatorWorker, ToTranslatorWorker, TranslatorWorkerInit } from './protocol';

/** Options of {@link TranslatorPool.start}. */
export interface TranslatorPoolConfig {
  /** Directory of a `'seq2seq'` translation checkpoint (as `loadCheckpoint` reads). Required. */
  checkpoint: string;
  /** Number of worker threads, at least 1. Required. */
  workers: number;
  /** tfjs backend of the workers (`'wasm'`, `'cpu'`). Default: this thread's (`tf.getBackend()`). */
  backend?: string;
  /** Module registering that backend, imported by each worker. Default `'@tensorflow/tfjs-backend-<backend>'`. */
  backendModule?: string;
}

interface Job {
  texts: string[];
  options: TranslateOptions;
  resolve(translations: Translation[]): void;
  reject(error: Error): void;
}

const REVIVED: Record<string, new (message: string) => Error> = { Seq2SeqError, InputError, ShapeError, WeightsError };

/** An error from worker `w`, as the class it was thrown as when that is one of ours. */
function revive(wire: WireError, w: number): Error {
  const Known = REVIVED[wire.name];
  const error = Known ? new Known(wire.message) : Object.assign(new Error(wire.message), { name: wire.name });
  const frames = wire.stack?.split('\n').filter((line) => line.trimStart().startsWith('at ')) ?? [];
  error.stack = [`${error.name}: ${wire.message}`, `    (thrown in decoding worker ${w})`, ...frames].join('\n');
  return error;
}

/** A promise nobody has to await: its rejection is not reported as unhandled (whoever awaits it still sees it). */
function quiet<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => {});
  return promise;
}

/**
 * The decoding worker's script: the built entry next to this module, or, when running from the
 * TypeScript sources (tests), that entry bundled into JavaScript a worker thread can load (the
 * bundler is a development dependency, imported by a computed URL so that the build never
 * includes it; see training/parallel/fixtures/bundle.ts).
 */
async function workerScript(): Promise<URL> {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new URL('./translator-worker.js', here);
  const bundler = new URL('../../training/parallel/fixtures/bundle.ts', here).href;
  const { bundleFixture } = (await import(/* @vite-ignore */ bundler)) as typeof import('../../training/parallel/fixtures/bundle');
  return bundleFixture(new URL('./translator-worker.ts', here).pathname, 'translator-worker');
}

/**
 * A pool of worker threads decoding with one translation checkpoint: start with
 * {@link TranslatorPool.start}, translate with {@link TranslatorPool.translate} (or
 * {@link TranslatorPool.translateEach} to use each answer as soon as it is there), free with
 * {@link TranslatorPool.dispose}.
 *
 * ```ts
 * const pool = await TranslatorPool.start({ checkpoint: 'models/eng-fra', workers: 2 });
 * try {
 *   const french = await pool.translate(sentences, { beamWidth: 5, batchSize: 32 });
 * } finally {
 *   await pool.dispose();
 * }
 * ```
 */
export class TranslatorPool {
  /** The checkpoint's data pipeline (tokenisers, vocabularies, longest source). */
  readonly data: TranslationData;
  /** The source vocabulary (to tell which words the model does not know). */
  readonly sourceVocab: Vocabulary;
  readonly #tokenizer: Tokenizer;
  readonly #workers: Worker[];
  readonly #exited: Array<Promise<void>>;
  readonly #running: boolean[];
  readonly #idle: number[];
  readonly #busy: Array<{ id: number; job: Job } | undefined>;
  readonly #queue: Job[] = [];
  #nextId = 0;
  #failure: Error | undefined;
  #disposed = false;

  private constructor(data: TranslationData, workers: Worker[], exited: Array<Promise<void>>) {
    this.data = data;
    this.sourceVocab = Vocabulary.fromJSON(data.sourceVocab);
    this.#tokenizer = tokenizerFromJSON(data.sourceTokenizer);
    this.#workers = workers;
    this.#exited = exited;
    this.#running = workers.map(() => true);
    this.#idle = workers.map((_, w) => w);
    this.#busy = workers.map(() => undefined);
  }

  /**
   * Starts `config.workers` threads, each loading `config.checkpoint` on `config.backend`, and
   * resolves once every one is ready; if one fails to start, terminates them all and rejects
   * with its error.
   */
  static async start(config: TranslatorPoolConfig): Promise<TranslatorPool> {
    const { workers: count, checkpoint } = config;
    if (!Number.isInteger(count) || count < 1) throw new InputError(`TranslatorPool: workers must be a positive integer, got ${count}`);
    if (typeof checkpoint !== 'string' || checkpoint === '') throw new InputError('TranslatorPool: expected { checkpoint: directory }');
    const backend = config.backend ?? tf.getBackend();
    if (typeof backend !== 'string' || backend === '') {
      throw new InputError("TranslatorPool: no backend given and none is running on this thread; pass { backend: 'cpu' } or start one first");
    }
    const backendModule = config.backendModule ?? `@tensorflow/tfjs-backend-${backend}`;
    // A missing or broken checkpoint is reported here, once, not by every worker.
    const manifest = await loadCheckpointManifest<Seq2SeqConfig, TranslationData>(checkpoint, { kind: 'seq2seq' });
    const script = await workerScript();
    const workers: Worker[] = [];
    const exited: Array<Promise<void>> = [];
    const ready: Array<Promise<void>> = [];
    let pool: TranslatorPool | undefined;
    for (let w = 0; w < count; w++) {
      const worker = new Worker(script);
      workers.push(worker);
      exited.push(new Promise((resolve) => worker.once('exit', () => resolve())));
      let starting: { resolve(): void; reject(error: Error): void } | undefined;
      ready.push(new Promise<void>((resolve, reject) => (starting = { resolve, reject })));
      const settle = (error?: Error) => {
        const s = starting;
        starting = undefined;
        if (error) s?.reject(error);
        else s?.resolve();
      };
      worker.on('message', (message: FromTranslatorWorker) => {
        if (starting) {
          if (message.type === 'ready') settle();
          else if (message.type === 'error') settle(revive(message.error, w));
        } else if (pool) pool.#onMessage(w, message);
      });
      worker.on('error', (error: Error) => {
        if (starting) settle(error);
        else if (pool) pool.#fail(w, error);
      });
      worker.on('exit', (code: number) => {
        if (pool) pool.#running[w] = false;
        if (starting) settle(new Seq2SeqError(`decoding worker ${w} exited (code ${code}) while loading the model`));
        else if (pool && !pool.#disposed) pool.#fail(w, new Seq2SeqError(`decoding worker ${w} exited (code ${code}) while decoding`));
      });
      const init: TranslatorWorkerInit = { checkpoint, backend, backendModule, worker: w };
      worker.postMessage({ type: 'init', init } satisfies ToTranslatorWorker);
    }
    const outcomes = await Promise.allSettled(ready);
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) {
      await Promise.all(workers.map(async (worker, w) => {
        await worker.terminate();
        await exited[w];
      }));
      throw failed.reason;
    }
    pool = new TranslatorPool(manifest.data, workers, exited);
    return pool;
  }

  /** Number of workers. */
  get workers(): number {
    return this.#workers.length;
  }

  /** Number of workers still running (0 once {@link TranslatorPool.dispose} resolved). */
  get running(): number {
    return this.#running.filter(Boolean).length;
  }

  /** The error that stopped the pool (a worker died), if any. A failed pool takes no more work. */
  get failure(): Error | undefined {
    return this.#failure;
  }

  /** The tokens the model reads for `text` (at most `data.maxSourceLength`), as `Translator.sourceTokens`. */
  sourceTokens(text: string): { tokens: string[]; truncated: boolean } {
    const tokens = this.#tokenizer.tokenize(text);
    const max = this.data.maxSourceLength;
    return tokens.length > max ? { tokens: tokens.slice(0, max), truncated: true } : { tokens, truncated: false };
  }

  /**
   * Translates `texts` as `Translator.translate` does (the same options; the same answers, up to
   * the sampling draws of `method: 'sample'`, which depend on the batches), on the workers, and
   * resolves with the translations in input order.
   */
  async translate(texts: readonly string[], options: TranslateOptions = {}): Promise<Translation[]> {
    return Promise.all(this.translateEach(texts, options));
  }

  /**
   * {@link TranslatorPool.translate} with one promise per text, each settling as soon as its
   * batch is decoded: sorted by length, `options.batchSize` (default 32) texts to a batch, the
   * batches queued behind those of earlier calls, each to the next free worker. A promise left
   * unawaited reports no unhandled rejection.
   */
  translateEach(texts: readonly string[], options: TranslateOptions = {}): Array<Promise<Translation>> {
    if (this.#disposed) throw new InputError('TranslatorPool: used after dispose()');
    if (this.#failure) throw this.#failure;
    const batchSize = options.batchSize ?? 32;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new InputError(`TranslatorPool.translate: batchSize must be an integer >= 1, got ${batchSize}`);
    const lengths = texts.map((text, i) => {
      if (typeof text !== 'string') throw new InputError(`TranslatorPool.translate: texts[${i}] must be a string, got ${typeof text}`);
      return this.sourceTokens(text).tokens.length;
    });
    // Shortest first, as Translator.translate batches: similar lengths decode together.
    const order = texts.map((_, i) => i).sort((a, b) => lengths[a]! - lengths[b]!);
    const results: Array<Promise<Translation>> = new Array(texts.length);
    for (let start = 0; start < order.length; start += batchSize) {
      const chunk = order.slice(start, start + batchSize);
      const batch = quiet(
        new Promise<Translation[]>((resolve, reject) => {
          this.#queue.push({ texts: chunk.map((i) => texts[i]!), options: { ...options, batchSize: chunk.length }, resolve, reject });
        }),
      );
      chunk.forEach((i, k) => (results[i] = quiet(batch.then((translations) => translations[k]!))));
    }
    this.#pump();
    return results;
  }

  /** Terminates the workers (a queued or running batch rejects); resolves when they are gone. Calling it twice is harmless. */
  async dispose(): Promise<void> {
    if (!this.#disposed) {
      this.#disposed = true;
      this.#rejectAll(new Seq2SeqError('TranslatorPool: disposed before this batch was decoded'));
    }
    await Promise.all(this.#workers.map(async (worker, w) => {
      await worker.terminate();
      await this.#exited[w];
      this.#running[w] = false;
    }));
  }

  /** @internal Ends worker `w` as a crash would (for tests of the failure rules). */
  async crashWorker(w: number): Promise<void> {
    await this.#workers[w]?.terminate();
  }

  /** Hands queued batches to idle workers. */
  #pump(): void {
    while (this.#queue.length > 0 && this.#idle.length > 0 && !this.#failure && !this.#disposed) {
      const w = this.#idle.shift()!;
      const job = this.#queue.shift()!;
      const id = this.#nextId++;
      this.#busy[w] = { id, job };
      this.#workers[w]!.postMessage({ type: 'translate', id, texts: job.texts, options: job.options } satisfies ToTranslatorWorker);
    }
  }

  #onMessage(w: number, message: FromTranslatorWorker): void {
    const busy = this.#busy[w];
    if (message.type === 'ready' || !busy || message.id !== busy.id) return;
    this.#busy[w] = undefined;
    this.#idle.push(w);
    if (message.type === 'done') busy.job.resolve(message.translations);
    else busy.job.reject(revive(message.error, w));
    this.#pump();
  }

  /** Records the first failure and rejects every queued and running batch. */
  #fail(w: number, error: Error): void {
    if (this.#disposed) return;
    if (!this.#failure) {
      this.#failure = error;
      if (!error.message.includes(`worker ${w}`)) error.message = `decoding worker ${w} failed: ${error.message}`;
    }
    this.#rejectAll(this.#failure);
  }

  #rejectAll(error: Error): void {
    for (const job of this.#queue.splice(0)) job.reject(error);
    this.#busy.forEach((busy, w) => {
      this.#busy[w] = undefined;
      busy?.job.reject(error);
    });
  }
}
