/**
 * Messages between the page (main.ts) and the model's Web Worker (worker.ts). The page sends
 * requests; the worker answers with events carrying a `status`: `runtime` (backend chosen and
 * why), `ready` (the model), `result` (a reading), `scene` (a generated scene and its caption)
 * and `error`. The page runs one worker per model: the digit reader and the scene captioner.
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
      /** A fresh Fashion-MNIST scene from the item test pool, captioned (a caption model's worker). */
      type: 'scene';
      id: number;
      /** With a combination of item and relation never seen in training (true), or only seen ones. */
      heldOut: boolean;
      /** Seed of the scene. */
      seed: number;
      beamWidth: number;
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
  | {
      status: 'scene';
      id: number;
      /** The scene, `height * width` gray bytes (light items on black). */
      image: Uint8Array;
      width: number;
      height: number;
      /** The scene's true caption. */
      reference: string;
      heldOut: boolean;
      text: string;
      symbols: string[];
      attention: number[][];
      grid: { height: number; width: number };
      ms: number;
    }
  | { status: 'error'; stage: 'runtime' | 'model' | 'read' | 'scene'; message: string };
