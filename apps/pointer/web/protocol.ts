/**
 * What the page (main.ts), the model's Web Worker (worker.ts) and the server (serve.ts) say to
 * each other. The page sends requests; the worker answers with events that carry a `status`
 * field, the way transformers.js reports progress: `runtime` (backend chosen and why), `loading`
 * (checkpoint download, network build), `ready`, `result` and `error`.
 */
import type { BackendName, Runtime } from '@seq2seq/backend';
import type { Point } from '@seq2seq/datasets';
import type { PointerTask } from '@seq2seq/seq2seq';

/** What a model folder's name may be: it is a URL path segment (no '/', no '..'). */
export const MODEL_NAME_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** One model the server has (an entry of `/models/index.json`). */
export interface ModelEntry {
  /** Folder name under models/, e.g. `tsp-n10`. */
  name: string;
  task: PointerTask;
  /** Points per training instance: n, or [nMin, nMax]. */
  n: number | [number, number];
  /** `'lstm'` (the paper's) or `'attention'` (a Transformer over the set). */
  encoder: string;
  hiddenSize: number;
  /** Seconds spent training, when config.json records it. */
  trainSeconds: number | null;
  /** Size of model.safetensors, the download the page makes. */
  weightBytes: number;
}

/** `/models/index.json`: usable models (the first of a task is its default) and folders skipped. */
export interface ModelIndex {
  models: ModelEntry[];
  skipped: Array<{ name: string; reason: string }>;
}

/** How to search for an answer (one record, like the command line's flags). */
export interface Decoding {
  /** `greedy`, `beam` (width `beamWidth`) or `sample` (best of `samples`). */
  method: 'greedy' | 'beam' | 'sample';
  beamWidth: number;
  samples: number;
  /** TSP only: polish the tour with 2-opt. */
  twoOpt: boolean;
  /** Also decode the set rotated and mirrored (the 8 symmetries of the square); keep the most probable answer (TSP: the shortest). */
  symmetries: boolean;
}

/** Page -> worker. */
export type WorkerRequest =
  | {
      type: 'load';
      /** Folder name; echoed in the events. */
      model: string;
      /** Folder URL of the checkpoint (config.json + model.safetensors), e.g. `/models/tsp-n10/`. */
      modelUrl: string;
      /** Backends to try in order (used by the first load only: the runtime starts once). */
      prefer: BackendName[];
      /** Folder URL the tfjs WASM binaries are served from, ending in `/`. */
      wasmPaths: string;
    }
  | {
      type: 'solve';
      /** Echoed in the answer, so the page ignores results of superseded requests. */
      id: number;
      /** The model that must answer (the last one loaded). */
      model: string;
      points: Point[];
      decoding: Decoding;
    };

/** What the page shows about the loaded model, from its config.json and weights. */
export interface ModelInfo {
  model: string;
  url: string;
  task: PointerTask;
  n: number | [number, number];
  encoder: string;
  hiddenSize: number;
  embeddingDim: number;
  glimpses: number;
  /** Number of weights. */
  parameters: number;
  /** Optimiser steps trained. */
  steps: number | null;
  trainSeconds: number | null;
  /** The last quick greedy check of training (`history` in config.json), if any. */
  lastCheck: Record<string, number> | null;
}

/** The pointer at one decoding step (see pointing-steps.ts). */
export interface PointingStep {
  /** Probability of each input point (input order). */
  probs: number[];
  /** Probability of stopping (the end slot); 0 for tours, which have none. */
  end: number;
  /** The input index the answer takes at this step; -1: the answer ends here. */
  chosen: number;
}

/** Worker -> page. */
export type WorkerEvent =
  | { status: 'runtime'; runtime: Runtime; report: string; ms: number }
  | {
      status: 'loading';
      stage: 'fetch' | 'build';
      model: string;
      /** While fetching model.safetensors: bytes so far, and the total (null when unknown). */
      loaded?: number;
      total?: number | null;
    }
  | { status: 'ready'; info: ModelInfo; ms: number }
  | {
      status: 'result';
      id: number;
      model: string;
      /** In input indices: hull vertices, flattened triangles, or a tour. */
      output: number[];
      /** The pointer's distribution at each step of `output` (the last step of a hull or triangulation is the end). */
      steps: PointingStep[];
      ms: number;
    }
  | { status: 'error'; stage: 'runtime' | 'model' | 'solve'; id?: number; model?: string; name: string; message: string };
