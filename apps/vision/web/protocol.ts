/**
 * Messages between the page (main.ts) and the model's Web Worker (worker.ts). The page sends
 * requests; the worker answers with events carrying a `status`: `runtime` (backend chosen and
 * why), `ready` (the model), `result` (a reading) and `error`.
 */
import type { BackendName, Runtime } from '@seq2seq/backend';

/** Page -> worker. */
export type WorkerRequest =
  | {
      type: 'load';
      /** Folder URL of the checkpoint (checkpoint.json + model.safetensors), e.g. `models/digits/`. */
      modelUrl: string;
      prefer: BackendName[];
      /** Folder URL of the tfjs WASM binaries, ending in `/`. */
      wasmPaths: string;
    }
  | {
      type: 'read';
      /** Echoed in the answer, so the page ignores superseded readings. */
      id: number;
      /** `height * width` gray pixels in 0..1, light ink on black (the model's size). */
      pixels: Float32Array;
      beamWidth: number;
    };

/** What the page shows about the model. */
export interface ModelInfo {
  step: number;
  parameters: number;
  width: number;
  height: number;
  grid: { height: number; width: number };
  metrics: Record<string, number>;
  attribution?: string;
}

/** Worker -> page. */
export type WorkerEvent =
  | { status: 'runtime'; runtime: Runtime; report: string }
  | { status: 'ready'; model: ModelInfo; ms: number }
  | { status: 'result'; id: number; text: string; symbols: string[]; attention: number[][]; grid: { height: number; width: number }; ms: number }
  | { status: 'error'; stage: 'runtime' | 'model' | 'read'; message: string };
