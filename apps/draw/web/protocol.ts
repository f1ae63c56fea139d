/**
 * Messages between the page (main.ts) and the models' Web Worker (worker.ts). The page sends
 * requests; the worker answers with events carrying a `status`: `runtime` (backend chosen and
 * why), `ready` (the models), `step` / `sampled` (a sample or a painting being drawn), `scored`, the texture's
 * `texture-epoch` / `texture-row` / `texture-done`, and `error`.
 */
import type { BackendName, Runtime } from '@seq2seq/backend';

/** A shipped model the page may load: its name (`fvsbn`, `draw`...) and folder URL. */
export interface ModelSource {
  name: string;
  url: string;
}

/** Page -> worker. */
export type WorkerRequest =
  | { type: 'load'; models: ModelSource[]; prefer: BackendName[]; wasmPaths: string }
  /** `n` samples from model `model`; at most `frames` `step` events (evenly spread) and the last. */
  | { type: 'sample'; id: number; model: string; n: number; seed: number; frames: number }
  /** The painter reproduces one image (`width * height` values in [0, 1] of the model's size), stroke by stroke. */
  | { type: 'paint'; id: number; model: string; pixels: Float32Array }
  /** Nats of one binary image (`width * height` bits of the model's size). */
  | { type: 'score'; id: number; model: string; bits: Uint8Array }
  /** Learns the texture of a binary image (in the worker), then grows one of `growWidth x growHeight`. */
  | { type: 'texture'; id: number; image: { width: number; height: number; bits: Uint8Array }; epochs: number; growWidth: number; growHeight: number; seed: number };

/** What the page shows about a loaded model. */
export interface ModelInfo {
  name: string;
  kind: string;
  width: number;
  height: number;
  /** Steps a sample takes (pixels for an autoregressive model, glimpses for DRAW). */
  sampleSteps: number;
  step: number;
  metrics: Record<string, number>;
  attribution?: string;
}

/** Where one step wrote, per image (DRAW's attention window), in canvas pixels. */
export interface StepWindow {
  x: number;
  y: number;
  size: number;
}

/** Worker -> page. */
export type WorkerEvent =
  | { status: 'runtime'; runtime: Runtime; report: string }
  | { status: 'ready'; models: ModelInfo[]; failed: Array<{ name: string; message: string }>; ms: number }
  | { status: 'step'; id: number; model: string; step: number; steps: number; n: number; canvases: Float32Array; windows?: StepWindow[]; strokes?: number[][] }
  | { status: 'sampled'; id: number; model: string; ms: number }
  | { status: 'scored'; id: number; model: string; natsPerImage: number; bound: boolean; ms: number }
  | { status: 'texture-epoch'; id: number; epoch: number; epochs: number; natsPerPixel: number }
  | { status: 'texture-row'; id: number; row: number; width: number; height: number; bits: Uint8Array }
  | { status: 'texture-done'; id: number; ms: number; natsPerPixel: number }
  | { status: 'error'; stage: 'runtime' | 'model' | 'sample' | 'paint' | 'score' | 'texture'; message: string; id?: number };
