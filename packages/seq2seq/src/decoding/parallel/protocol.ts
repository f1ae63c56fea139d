/**
 * What the main thread and a decoding worker say to each other (see translator-pool.ts). Plain
 * JSON-like values that `postMessage` clones; translations come back as they are (text, tokens,
 * log-probability, attention rows). No Node built-ins.
 */
import type { WireError } from '../../training/parallel/protocol';
import type { TranslateOptions, Translation } from '../../translator';

/** The first message to a decoding worker. */
export interface TranslatorWorkerInit {
  /** Checkpoint directory the worker loads its `Translator` from. */
  checkpoint: string;
  /** tfjs backend name the worker computes on (`'wasm'`, `'cpu'`). */
  backend: string;
  /** Module that registers that backend, imported before `tf.setBackend`. */
  backendModule: string;
  /** This worker's index, from 0 (for messages). */
  worker: number;
}

/** Main thread to worker. */
export type ToTranslatorWorker =
  /** Start the backend and load the model; answered by `ready` (or `error`). */
  | { type: 'init'; init: TranslatorWorkerInit }
  /** Translate `texts` (one batch: `options.batchSize` is their number); answered by `done` (or `error`). */
  | { type: 'translate'; id: number; texts: string[]; options: TranslateOptions };

/** Worker to main thread. */
export type FromTranslatorWorker =
  | { type: 'ready' }
  /** The translations of request `id`, in the order of its texts. */
  | { type: 'done'; id: number; translations: Translation[] }
  /** Request `id` failed (`undefined`: the start failed); the worker still serves the next request. */
  | { type: 'error'; id: number | undefined; error: WireError };
