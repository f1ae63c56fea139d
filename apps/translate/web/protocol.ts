/**
 * Messages between the page (main.ts) and the model's Web Worker (worker.ts). The page sends
 * requests; the worker answers with events that carry a `status` field, the way transformers.js
 * reports progress: `runtime` (backend chosen and why), `loading` (checkpoint download, model
 * build), `ready`, `result` and `error`.
 */
import type { BackendName, Runtime } from '@seq2seq/backend';
import type { Translation } from '@seq2seq/seq2seq';

/** Page -> worker. */
export type WorkerRequest =
  | {
      type: 'load';
      /** Folder URL of the checkpoint (checkpoint.json + model.safetensors), e.g. `/models/dates/`. */
      modelUrl: string;
      /** Backends to try in order. */
      prefer: BackendName[];
      /** Folder URL the tfjs WASM binaries are served from, ending in `/`. */
      wasmPaths: string;
    }
  | {
      type: 'translate';
      /** Echoed in the answer, so the page ignores results of superseded requests. */
      id: number;
      text: string;
      /** 1: greedy decoding; more: beam search of that width. */
      beamWidth: number;
    };

/** What the page needs to know about the loaded model. */
export interface ModelInfo {
  url: string;
  /** Optimiser step of the weights. */
  step: number;
  /** Number of weights. */
  parameters: number;
  /** `'char'`, `'word'`...: how sentences are split into tokens. */
  tokenizer: string;
  /** Longest source, in tokens; longer inputs are truncated. */
  maxSourceLength: number;
  sourceVocabSize: number;
  targetVocabSize: number;
  /** The checkpoint's credit line, if any. */
  attribution?: string;
  metrics: Record<string, number>;
}

/** One translation as the page shows it: the library's, plus the source words it did not know. */
export type TranslationResult = Translation & {
  /** Source tokens missing from the model's vocabulary (read as `<unk>`). */
  unknown: string[];
};

/** Worker -> page. */
export type WorkerEvent =
  | { status: 'runtime'; runtime: Runtime; report: string; ms: number }
  | {
      status: 'loading';
      stage: 'fetch' | 'build';
      url: string;
      /** While fetching model.safetensors: bytes so far, and the total (null when unknown). */
      loaded?: number;
      total?: number | null;
    }
  | { status: 'ready'; model: ModelInfo; ms: number }
  | { status: 'result'; id: number; beamWidth: number; translation: TranslationResult; ms: number }
  | { status: 'error'; stage: 'runtime' | 'model' | 'translate'; id?: number; name: string; message: string };
