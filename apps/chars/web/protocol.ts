/**
 * Messages between the page (main.ts) and the training Web Worker (worker.ts). The page sends
 * requests; the worker answers with events that carry a `status` field, as the other pages'
 * workers do.
 */
import type { BackendName, Runtime } from '@seq2seq/backend';
import type { Completion } from '@seq2seq/seq2seq';

/** What the page trains: the model, the text and the schedule. */
export interface TrainSetup {
  /** The whole text; its last `valFraction` is the validation split. */
  text: string;
  /** Corpus name (`shakespeare`, `anna`) or `'pasted'`. */
  corpus: string;
  cell: 'gru' | 'lstm' | 'rnn';
  hiddenSize: number;
  numLayers: number;
  batchSize: number;
  seqLen: number;
  lr: number;
  seed: number;
}

/** Defaults of {@link TrainSetup}: a 1x128 GRU that shows learning within minutes in a browser. */
export const DEFAULT_SETUP: Omit<TrainSetup, 'text' | 'corpus'> = {
  cell: 'gru',
  hiddenSize: 128,
  numLayers: 1,
  batchSize: 32,
  seqLen: 64,
  lr: 3e-3,
  seed: 1,
};

/** Fraction of the text held out for the validation loss (its end). */
export const VAL_FRACTION = 0.1;
/** Steps between validation losses. */
export const EVAL_EVERY = 25;
/** Steps between samples. */
export const SAMPLE_EVERY = 100;
/** Steps averaged into one point of the training curve. */
export const CURVE_EVERY = 5;

/** A point of a learning curve: optimiser step and loss in nats per character. */
export type CurvePoint = [step: number, loss: number];

/** Page -> worker. */
export type WorkerRequest =
  | { type: 'init'; prefer: BackendName[]; wasmPaths: string }
  | { type: 'setup'; setup: TrainSetup }
  | { type: 'train' }
  | { type: 'pause' }
  | { type: 'sample'; id: number; prime: string; length: number; temperature: number; seed: number }
  /** Ends the sample being streamed (training, when running, goes on). */
  | { type: 'stop-sample' }
  | { type: 'complete'; id: number; prefix: string; k: number }
  | { type: 'units'; id: number; text: string; layer: number }
  | { type: 'connectivity'; id: number; text: string; position: number }
  | { type: 'save' }
  | { type: 'load' }
  | { type: 'download' }
  /**
   * How many Web Workers compute the gradients: 1 (default) trains in the training worker itself;
   * N > 1 splits each batch's rows over N replica workers (`WebDataParallel`). Takes effect at the
   * next step.
   */
  | { type: 'workers'; workers: number };

/** What the page shows about the model being trained. */
export interface ModelInfo {
  cell: string;
  hiddenSize: number;
  numLayers: number;
  parameters: number;
  trainChars: number;
  valChars: number;
  batchSize: number;
  seqLen: number;
  /** Windows (optimiser steps) in one pass over the training text. */
  stepsPerEpoch: number;
  corpus: string;
}

/** Activations of every unit of a layer over a text (rows: characters). */
export interface UnitsResult {
  chars: string[];
  layer: number;
  h: number[][];
  c?: number[][];
  r?: number[][];
  z?: number[][];
}

/** Worker -> page. */
export type WorkerEvent =
  | { status: 'runtime'; runtime: Runtime; report: string }
  | { status: 'ready'; model: ModelInfo; step: number; train: CurvePoint[]; val: CurvePoint[]; restored?: string }
  | {
      status: 'progress';
      step: number;
      epoch: number;
      train: CurvePoint[];
      val: CurvePoint[];
      charsPerSecond: number;
      running: boolean;
      /** `tf.memory().numTensors` in the worker: steady while training (no leak). */
      tensors: number;
    }
  | { status: 'sample-chars'; id: number; /** Step of the weights the sample started from. */ step: number; text: string; done: boolean; auto: boolean }
  | { status: 'completions'; id: number; prefix: string; completions: Completion[] }
  | { status: 'units'; id: number; units: UnitsResult }
  | { status: 'connectivity'; id: number; chars: string[]; position: number; target: string; magnitudes: number[] }
  | { status: 'saved'; step: number; bytes: number; at: string }
  | { status: 'files'; step: number; files: Record<string, Uint8Array> }
  | { status: 'error'; stage: string; id?: number; name: string; message: string }
  /** Who computes the gradients now: `workers` Web Workers (1: the training worker), sums through shared memory or not. */
  | { status: 'parallel'; workers: number; sharedMemory: boolean };
