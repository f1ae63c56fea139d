/**
 * What the main thread and a data-parallel worker say to each other, over any transport
 * (`worker_threads` in Node, Web Workers in a page), and how the numbers travel. Kept free of
 * `@seq2seq/core` imports and of Node built-ins so that a worker entry loads nothing but tfjs-core
 * and its replica factory, in Node and in a browser.
 *
 * Numbers (float32, one parameter after another, in the model's `namedParameters()` order of the
 * trainable parameters), in one of two ways:
 *
 * - shared memory (`SharedArrayBuffer`: always in Node, in a page when `crossOriginIsolated`):
 *     weights:   [P]            written by the main thread before a step, read by every worker
 *     gradients: [workers, P]   worker w writes its weighted gradient into row w
 * - transferred buffers (a page that is not cross-origin isolated): each `step` message carries
 *   a copy of the weights, each `done` message gives back the worker's row, both transferred.
 *
 * Either way the main thread sums the rows in worker order, so a run is the same for a worker
 * count whichever way the numbers travel.
 */

/** One trainable parameter's place in the flat buffers. */
export interface ParameterSlot {
  name: string;
  shape: number[];
  /** Offset in float32 elements. */
  offset: number;
  /** Number of elements. */
  size: number;
}

/** The flat layout of a model's trainable parameters. */
export interface ParameterLayout {
  slots: ParameterSlot[];
  /** Total float32 elements. */
  size: number;
}

/** Lays out trainable parameters `[name, shape]` one after another. */
export function layoutOf(parameters: ReadonlyArray<readonly [string, readonly number[]]>): ParameterLayout {
  const slots: ParameterSlot[] = [];
  let offset = 0;
  for (const [name, shape] of parameters) {
    const size = shape.reduce((a, b) => a * b, 1);
    slots.push({ name, shape: [...shape], offset, size });
    offset += size;
  }
  return { slots, size: offset };
}

/** The first message to a data-parallel worker. */
export interface WorkerInit {
  /** URL or specifier of the module holding the task factory (Node); unused by a Web Worker entry that serves its own factories. */
  module: string;
  /** Export (or registered) name of the factory. */
  exportName: string;
  /** JSON config handed to the factory. */
  config: unknown;
  seed: number;
  worker: number;
  workers: number;
  layout: ParameterLayout;
  /** The shared buffers; absent when numbers travel in transferred buffers. */
  shared?: { weights: SharedArrayBuffer; gradients: SharedArrayBuffer };
}

/** An error as it crosses the thread boundary. */
export interface WireError {
  name: string;
  message: string;
  stack?: string;
}

/** Main thread to worker. */
export type ToWorker =
  /** Build the replica; answered by `ready` (or `error`). */
  | { type: 'init'; init: WorkerInit }
  /**
   * Load the weights (the shared buffer, else `weights`), compute `scale * grad loss(batch)` into
   * this worker's row (the shared one, else a new buffer given back with `done`).
   */
  | { type: 'step'; id: number; batch: unknown; scale: number; weights?: Float32Array }
  /** Compute `loss(batch, false)` only (no gradients). */
  | { type: 'loss'; id: number; batch: unknown; weights?: Float32Array };

/** Worker to main thread. */
export type FromWorker =
  | { type: 'ready' }
  /** `gradient`: this worker's row, when numbers travel in transferred buffers. */
  | { type: 'done'; id: number; loss: number; gradient?: Float32Array }
  | { type: 'error'; id: number | undefined; error: WireError };

/** Serialises an error thrown in a worker. */
export function toWire(error: unknown): WireError {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: 'Error', message: String(error) };
}
