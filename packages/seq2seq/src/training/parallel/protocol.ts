/**
 * What the main thread and a data-parallel worker say to each other, and the layout of the two
 * shared buffers they exchange numbers through. Kept free of `@seq2seq/core` imports so that the
 * worker entry loads nothing but tfjs-core and the task factory it is told to import.
 *
 * Buffers (float32, one parameter after another, in the model's `namedParameters()` order of the
 * trainable parameters):
 *   weights:   [P]            written by the main thread before a step, read by every worker
 *   gradients: [workers, P]   worker w writes its weighted gradient into row w; the main thread
 *                             sums the rows in worker order (deterministic for a worker count)
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

/** `workerData` of a data-parallel worker. */
export interface WorkerInit {
  /** URL or specifier of the module holding the task factory. */
  module: string;
  /** Export name of the factory in that module. */
  exportName: string;
  /** JSON config handed to the factory. */
  config: unknown;
  seed: number;
  worker: number;
  workers: number;
  layout: ParameterLayout;
  weights: SharedArrayBuffer;
  gradients: SharedArrayBuffer;
}

/** An error as it crosses the thread boundary. */
export interface WireError {
  name: string;
  message: string;
  stack?: string;
}

/** Main thread to worker. */
export type ToWorker =
  /** Load the weights buffer, compute `scale * grad loss(batch)` into this worker's row. */
  | { type: 'step'; id: number; batch: unknown; scale: number }
  /** Compute `loss(batch, false)` only (no gradients). */
  | { type: 'loss'; id: number; batch: unknown };

/** Worker to main thread. */
export type FromWorker =
  | { type: 'ready' }
  | { type: 'done'; id: number; loss: number }
  | { type: 'error'; id: number | undefined; error: WireError };

/** Serialises an error thrown in a worker. */
export function toWire(error: unknown): WireError {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: 'Error', message: String(error) };
}
