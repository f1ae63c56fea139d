/**
 * Messages between the page (main.ts) and the parser's Web Worker (worker.ts). The page sends
 * requests; the worker answers with events carrying a `status`: `runtime` (backend chosen and
 * why), `ready` (the model), `result` (a parse) and `error`.
 */
import type { BackendName, Runtime } from '@seq2seq/backend';

/** Page -> worker. */
export type WorkerRequest =
  | {
      type: 'load';
      /** Folder URL of the checkpoint (checkpoint.json + model.safetensors), e.g. `models/ewt/`. */
      modelUrl: string;
      prefer: BackendName[];
      /** Folder URL of the tfjs WASM binaries, ending in `/`. */
      wasmPaths: string;
    }
  | {
      type: 'parse';
      /** Echoed in the answer, so the page ignores superseded parses. */
      id: number;
      /** The sentence's words (tokenize.ts). */
      words: string[];
    };

/** What the page shows about the model. */
export interface ModelInfo {
  step: number;
  parameters: number;
  /** Longest sentence the parser reads, in words. */
  maxWords: number;
  metrics: Record<string, number>;
  attribution?: string;
}

/** One parsed sentence. */
export interface ParseResult {
  id: number;
  words: string[];
  /** CoNLL-U HEAD of each word: 0 for the root, else the head's 1-based position. */
  heads: number[];
  relations: string[];
  upos?: string[];
  /** `[words, words + 1]`: each word's distribution over ROOT (column 0) and the words as its head. */
  headProbabilities: number[][];
  /** The sentence as CoNLL-U, as `seq2seq-parse parse --text` writes it. */
  conllu: string;
  ms: number;
}

/** Worker -> page. */
export type WorkerEvent =
  | { status: 'runtime'; runtime: Runtime; report: string }
  | { status: 'ready'; model: ModelInfo; ms: number }
  | ({ status: 'result' } & ParseResult)
  | { status: 'error'; stage: 'runtime' | 'model' | 'parse'; message: string };
