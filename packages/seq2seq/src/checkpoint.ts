/**
 * Checkpoints: a directory a model can be rebuilt and training resumed from.
 *
 *   checkpoint.json       what the model is (config), its data pipeline (tokenisers,
 *                         vocabularies), and the training state (step, epoch, RNG, best dev loss)
 *   model.safetensors     the weights by hierarchical name (float32, or float16 for shipping)
 *   optimizer.safetensors Adam's moments by parameter name (training checkpoints only)
 *
 * Every file is written atomically (temporary file, then rename) and `checkpoint.json` last; each
 * safetensors file records the step it belongs to, and loading checks that they agree, so a crash
 * mid-save never yields a checkpoint that mixes two steps. Node only (file system); a browser
 * fetches the same files by URL with {@link fetchCheckpoint}.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { WeightsError, decodeSafetensors, encodeSafetensors, loadSafetensorsFile, writeFileAtomic, type Module } from '@seq2seq/core';
import type { Adam } from './training/adam';
import type { TrainerState } from './training/trainer';

/** Format tag of `checkpoint.json`. */
export const CHECKPOINT_FORMAT = 'seq2seq-checkpoint';

/** The JSON manifest of a checkpoint. `data` and `training` are free-form JSON for the app. */
export interface CheckpointManifest<Config = unknown, Data = unknown> {
  format: typeof CHECKPOINT_FORMAT;
  version: 1;
  /** What kind of model: `'seq2seq'`, `'pointer'`. */
  kind: string;
  /** The model's JSON config. */
  config: Config;
  /** Data pipeline (tokenisers, vocabularies) the model needs at run time. */
  data: Data;
  /** Optimiser step the weights belong to. */
  step: number;
  /** Present in training checkpoints. */
  training?: {
    trainer: TrainerState;
    adamStep: number;
    rngState?: number[];
    /** The learning curve: one entry per finished epoch (see {@link HistoryEntry}). */
    history?: HistoryEntry[];
    /** Seconds spent training, over every run that resumed this checkpoint. */
    elapsedSeconds?: number;
    /** Whatever the app needs to resume (its command-line options, a baseline...). */
    extra?: unknown;
  };
  /** Scores measured on this checkpoint (dev loss, BLEU...). */
  metrics?: Record<string, number>;
  /** Credits and licences of the training data. */
  attribution?: string;
  /** How the model was made (data, command, training time): free-form JSON for the app. */
  provenance?: unknown;
}

/**
 * One point of a learning curve, written after every finished epoch: `epoch` (1-based, epochs
 * done), `step`, `seconds` (training time so far), `trainLoss`, `devLoss` when there is a dev set,
 * and whatever else was measured (BLEU, tour length...).
 */
export interface HistoryEntry {
  epoch: number;
  step: number;
  seconds: number;
  trainLoss: number;
  devLoss?: number;
  [metric: string]: number | undefined;
}

/** What {@link saveCheckpoint} writes. */
export interface SaveCheckpointInput<Config, Data> {
  manifest: Omit<CheckpointManifest<Config, Data>, 'format' | 'version' | 'step' | 'training'> & { step?: number };
  model: Module;
  /** Training state to resume from; omit for a shipped (inference-only) checkpoint. */
  training?: { trainer: TrainerState; optimizer: Adam; rngState?: number[]; history?: HistoryEntry[]; elapsedSeconds?: number; extra?: unknown };
  /** Store weights as float16 (half the size). Default false. */
  float16?: boolean;
}

async function nodeFs(): Promise<{ mkdir: (p: string, o: { recursive: boolean }) => Promise<unknown>; readFile: (p: string, e: 'utf8') => Promise<string>; rm: (p: string, o: { force: boolean }) => Promise<void> }> {
  return (await import('node:fs/promises')) as never;
}

/** Writes a checkpoint into `dir` (created if needed), atomically file by file, manifest last. */
export async function saveCheckpoint<Config, Data>(dir: string, input: SaveCheckpointInput<Config, Data>): Promise<void> {
  const fs = await nodeFs();
  await fs.mkdir(dir, { recursive: true });
  const step = input.training?.trainer.step ?? input.manifest.step ?? 0;
  const stamp = { 'seq2seq.step': String(step) };
  const weights = await encodeSafetensors(input.model.getWeights() as ReadonlyMap<string, tf.Tensor>, stamp, { float16: input.float16 ?? false });
  await writeFileAtomic(`${dir}/model.safetensors`, weights, 'saveCheckpoint');
  const manifest: CheckpointManifest<Config, Data> = { ...input.manifest, format: CHECKPOINT_FORMAT, version: 1, step };
  if (input.training) {
    const { step: adamStep, tensors } = input.training.optimizer.getState();
    const opt = await encodeSafetensors(tensors, stamp);
    await writeFileAtomic(`${dir}/optimizer.safetensors`, opt, 'saveCheckpoint');
    const { rngState, history, elapsedSeconds, extra } = input.training;
    manifest.training = { trainer: { ...input.training.trainer }, adamStep, rngState, history, elapsedSeconds, extra };
  } else {
    await fs.rm(`${dir}/optimizer.safetensors`, { force: true });
  }
  await writeFileAtomic(`${dir}/checkpoint.json`, new TextEncoder().encode(`${JSON.stringify(manifest, null, 1)}\n`), 'saveCheckpoint');
}

/** A loaded checkpoint; the caller disposes the tensors (or hands them to `loadWeights`). */
export interface LoadedCheckpoint<Config, Data> {
  manifest: CheckpointManifest<Config, Data>;
  weights: Map<string, tf.Tensor>;
  /** Adam state, when the checkpoint has one. */
  optimizer?: { step: number; tensors: Map<string, tf.Tensor> };
}

/** Validates a parsed `checkpoint.json`. */
export function parseManifest<Config, Data>(json: unknown, where: string, kind?: string): CheckpointManifest<Config, Data> {
  const m = json as Partial<CheckpointManifest<Config, Data>> | null;
  if (!m || typeof m !== 'object' || m.format !== CHECKPOINT_FORMAT) {
    throw new WeightsError(`${where} is not a seq2seq checkpoint: expected a JSON object with "format": "${CHECKPOINT_FORMAT}"`);
  }
  if (m.version !== 1) throw new WeightsError(`${where}: unsupported checkpoint version ${String(m.version)} (this library reads version 1)`);
  if (kind && m.kind !== kind) throw new WeightsError(`${where} holds a '${String(m.kind)}' model, expected a '${kind}' model`);
  if (typeof m.step !== 'number' || m.config == null) throw new WeightsError(`${where}: the manifest lacks "step" or "config"`);
  return m as CheckpointManifest<Config, Data>;
}

function checkStep(file: string, metadata: Record<string, string>, step: number): void {
  const got = metadata['seq2seq.step'];
  if (got !== String(step)) {
    throw new WeightsError(`${file} belongs to step ${got ?? '(none)'} but checkpoint.json to step ${step}: the checkpoint was not saved completely; use an earlier copy`);
  }
}

/**
 * Reads only `checkpoint.json` of a checkpoint directory (no weights): what a process that
 * tokenises for a model held elsewhere (worker threads) needs. Checks it as {@link loadCheckpoint} does.
 */
export async function loadCheckpointManifest<Config, Data>(dir: string, options: { kind?: string } = {}): Promise<CheckpointManifest<Config, Data>> {
  const fs = await nodeFs();
  let text: string;
  try {
    text = await fs.readFile(`${dir}/checkpoint.json`, 'utf8');
  } catch {
    throw new WeightsError(`no checkpoint in '${dir}': expected a directory with checkpoint.json and model.safetensors (made by 'train --out')`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new WeightsError(`'${dir}/checkpoint.json' is not valid JSON: ${(error as Error).message}`);
  }
  return parseManifest<Config, Data>(json, `'${dir}/checkpoint.json'`, options.kind);
}

/** Reads a checkpoint directory written by {@link saveCheckpoint}. */
export async function loadCheckpoint<Config, Data>(dir: string, options: { kind?: string; withOptimizer?: boolean } = {}): Promise<LoadedCheckpoint<Config, Data>> {
  const manifest = await loadCheckpointManifest<Config, Data>(dir, options);
  const model = await loadSafetensorsFile(`${dir}/model.safetensors`);
  checkStep(`'${dir}/model.safetensors'`, model.metadata, manifest.step);
  const out: LoadedCheckpoint<Config, Data> = { manifest, weights: model.tensors };
  if (options.withOptimizer && manifest.training) {
    const opt = await loadSafetensorsFile(`${dir}/optimizer.safetensors`);
    checkStep(`'${dir}/optimizer.safetensors'`, opt.metadata, manifest.step);
    out.optimizer = { step: manifest.training.adamStep, tensors: opt.tensors };
  }
  return out;
}

/** Progress of a download: bytes received so far, and the total when the server said (`Content-Length`), else null. */
export type DownloadProgress = (loaded: number, total: number | null) => void;

/** Options of {@link fetchCheckpoint}. */
export interface FetchCheckpointOptions {
  /** The manifest's `kind` must be this (e.g. `'seq2seq'`). */
  kind?: string;
  /** Called as `model.safetensors` arrives (the large file), for a progress bar. */
  onProgress?: DownloadProgress;
}

/** A response's body as bytes, reporting progress chunk by chunk when asked. */
async function readBody(response: Response, onProgress?: DownloadProgress): Promise<Uint8Array> {
  if (!onProgress || !response.body) return new Uint8Array(await response.arrayBuffer());
  const header = Number(response.headers.get('content-length'));
  const total = Number.isFinite(header) && header > 0 ? header : null;
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  onProgress(0, total);
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    onProgress(loaded, total);
  }
  const bytes = new Uint8Array(loaded);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

/**
 * Fetches a checkpoint's manifest and weights from a base URL (browser or Node with fetch);
 * `onProgress` follows the weights' download.
 */
export async function fetchCheckpoint<Config, Data>(baseUrl: string, options: FetchCheckpointOptions = {}): Promise<LoadedCheckpoint<Config, Data>> {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const get = async (name: string): Promise<Response> => {
    const response = await fetch(`${base}${name}`);
    if (!response.ok) throw new WeightsError(`could not fetch ${base}${name}: HTTP ${response.status}`);
    return response;
  };
  const manifest = parseManifest<Config, Data>(await (await get('checkpoint.json')).json(), `${base}checkpoint.json`, options.kind);
  const decoded = decodeSafetensors(await readBody(await get('model.safetensors'), options.onProgress));
  checkStep(`${base}model.safetensors`, decoded.metadata, manifest.step);
  return { manifest, weights: decoded.tensors };
}
