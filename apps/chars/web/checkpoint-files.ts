/**
 * The page's model as checkpoint files, the same format `seq2seq-chars` reads and writes
 * (`checkpoint.json` + `model.safetensors`, kind `'char-lm'`): for the download links, and with
 * `optimizer.safetensors` and the training state for the page's own save in IndexedDB.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { decodeSafetensors, encodeSafetensors } from '@seq2seq/core';
import {
  CHECKPOINT_FORMAT,
  charLanguageModelFromCheckpoint,
  charLanguageModelManifest,
  type Adam,
  type CharLanguageModel,
  type CharLanguageModelManifest,
  type HistoryEntry,
  type TrainerState,
} from '@seq2seq/seq2seq';

/** The bytes of a checkpoint. */
export interface CheckpointFiles {
  'checkpoint.json': Uint8Array;
  'model.safetensors': Uint8Array;
  /** Adam's moments: only in the page's own saves (to resume training). */
  'optimizer.safetensors'?: Uint8Array;
}

/** What a training checkpoint carries besides the weights. */
export interface TrainingSnapshot {
  trainer: TrainerState;
  optimizer: Adam;
  history: HistoryEntry[];
  elapsedSeconds: number;
  /** The page's own state (curve points, corpus, settings). */
  extra: unknown;
}

/**
 * The checkpoint files of `model` at optimiser step `step`; with `training`, a training
 * checkpoint (optimizer state included) that {@link restoreCheckpoint} resumes.
 */
export async function checkpointFiles(model: CharLanguageModel, step: number, options: { data?: Record<string, unknown>; attribution?: string; training?: TrainingSnapshot } = {}): Promise<CheckpointFiles> {
  const stamp = { 'seq2seq.step': String(step) };
  const manifest: CharLanguageModelManifest = {
    ...charLanguageModelManifest(model, { data: options.data, ...(options.attribution ? { attribution: options.attribution } : {}) }),
    format: CHECKPOINT_FORMAT,
    version: 1,
    step,
  };
  const files: CheckpointFiles = {
    'checkpoint.json': new Uint8Array(0),
    'model.safetensors': await encodeSafetensors(model.getWeights() as ReadonlyMap<string, tf.Tensor>, stamp),
  };
  const t = options.training;
  if (t) {
    const { step: adamStep, tensors } = t.optimizer.getState();
    files['optimizer.safetensors'] = await encodeSafetensors(tensors, stamp);
    manifest.training = { trainer: { ...t.trainer }, adamStep, history: t.history, elapsedSeconds: t.elapsedSeconds, extra: t.extra };
  }
  files['checkpoint.json'] = new TextEncoder().encode(`${JSON.stringify(manifest, null, 1)}\n`);
  return files;
}

/** A model rebuilt from checkpoint files, with the optimizer state when they have one (the caller disposes it). */
export function restoreCheckpoint(files: CheckpointFiles): { model: CharLanguageModel; manifest: CharLanguageModelManifest; optimizer?: { step: number; tensors: Map<string, tf.Tensor> } } {
  const manifest = JSON.parse(new TextDecoder().decode(files['checkpoint.json'])) as CharLanguageModelManifest;
  const weights = decodeSafetensors(files['model.safetensors']).tensors;
  const model = charLanguageModelFromCheckpoint({ manifest, weights }, 'saved model');
  const bytes = files['optimizer.safetensors'];
  const optimizer = bytes && manifest.training ? { step: manifest.training.adamStep, tensors: decodeSafetensors(bytes).tensors } : undefined;
  return { model, manifest, ...(optimizer ? { optimizer } : {}) };
}
