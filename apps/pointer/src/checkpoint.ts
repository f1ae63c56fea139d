/**
 * Pointer checkpoints in the library's format (`checkpoint.json`, `model.safetensors`,
 * `optimizer.safetensors`; see `@seq2seq/seq2seq`'s checkpoint module): kind `'pointer'`, the
 * network config as `config`, the task and training size as `data`.
 *
 * Checkpoints of the app's earlier format (`config.json` with `"format": "seq2seq-pointer/1"`, as
 * the shipped models in `models/` are) are read through {@link migrateLegacyManifest}: the same
 * weight file, so a migrated model scores exactly as before.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WeightsError, loadWeights } from '@seq2seq/core';
import {
  CHECKPOINT_FORMAT,
  PointerNetwork,
  loadCheckpoint,
  type CheckpointManifest,
  type HistoryEntry,
  type LoadedCheckpoint,
  type PointerNetworkConfig,
  type PointerTask,
  type TrainerState,
} from '@seq2seq/seq2seq';

/** What a pointer checkpoint's `data` holds. */
export interface PointerData {
  task: PointerTask;
  /** Points per training instance: n, or [nMin, nMax]. */
  n: number | [number, number];
}

/** What `train` keeps in `training.extra` to resume. */
export interface PointerTrainingExtra {
  /** The training settings, by command-line name (`lr`, `steps-per-epoch`...). */
  settings: Record<string, number | string>;
  /** REINFORCE: how many times the baseline was replaced. */
  baselineRounds?: number;
}

/** `provenance` of a pointer checkpoint: the commands that trained it. */
export interface PointerProvenance {
  command: string;
}

export type PointerManifest = CheckpointManifest<PointerNetworkConfig, PointerData>;
export type PointerCheckpoint = LoadedCheckpoint<PointerNetworkConfig, PointerData>;

/** The earlier format's `config.json`. */
export interface LegacyPointerInfo {
  format: 'seq2seq-pointer/1';
  task: PointerTask;
  n: number | [number, number];
  network: PointerNetworkConfig;
  training: Record<string, number | string>;
  command: string;
  trainer: TrainerState;
  optimizerStep: number;
  trainSeconds: number;
  /** One entry per epoch, `epoch` 0-based. */
  history: Array<Record<string, number>>;
  extra?: { baselineRounds?: number };
}

/** Whether `dir` holds a checkpoint (either format). */
export function hasCheckpoint(dir: string): boolean {
  return existsSync(join(dir, 'model.safetensors')) && (existsSync(join(dir, 'checkpoint.json')) || existsSync(join(dir, 'config.json')));
}

/** The library manifest of an earlier-format checkpoint: same model, data, training state and curve. */
export function migrateLegacyManifest(info: LegacyPointerInfo): PointerManifest {
  const history: HistoryEntry[] = info.history.map((h) => ({ ...h, epoch: h.epoch! + 1, step: h.step!, seconds: h.seconds!, trainLoss: h.trainLoss! }));
  const extra: PointerTrainingExtra = { settings: info.training, ...(info.extra?.baselineRounds !== undefined ? { baselineRounds: info.extra.baselineRounds } : {}) };
  const provenance: PointerProvenance = { command: info.command };
  return {
    format: CHECKPOINT_FORMAT,
    version: 1,
    kind: 'pointer',
    config: info.network,
    data: { task: info.task, n: info.n },
    step: info.trainer.step,
    training: { trainer: info.trainer, adamStep: info.optimizerStep, history, elapsedSeconds: info.trainSeconds, extra },
    provenance,
  };
}

function readLegacyInfo(dir: string): LegacyPointerInfo {
  let info: LegacyPointerInfo;
  try {
    info = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as LegacyPointerInfo;
  } catch (error) {
    throw new WeightsError(`'${dir}/config.json' is not valid JSON: ${(error as Error).message}`);
  }
  if (info?.format !== 'seq2seq-pointer/1') throw new WeightsError(`'${dir}/config.json' is not a seq2seq-pointer checkpoint: expected "format": "seq2seq-pointer/1"`);
  return info;
}

/** Loads a pointer checkpoint of either format; with `withOptimizer`, Adam's state too. */
export async function loadPointerCheckpoint(dir: string, withOptimizer = false): Promise<PointerCheckpoint> {
  if (existsSync(join(dir, 'checkpoint.json'))) return loadCheckpoint<PointerNetworkConfig, PointerData>(dir, { kind: 'pointer', withOptimizer });
  if (!existsSync(join(dir, 'config.json'))) {
    throw new WeightsError(`no checkpoint in '${dir}': expected a directory with checkpoint.json and model.safetensors (made by 'train --out')`);
  }
  const manifest = migrateLegacyManifest(readLegacyInfo(dir));
  const checkpoint: PointerCheckpoint = { manifest, weights: await loadWeights(join(dir, 'model.safetensors')) };
  if (withOptimizer && existsSync(join(dir, 'optimizer.safetensors'))) {
    checkpoint.optimizer = { step: manifest.training!.adamStep, tensors: await loadWeights(join(dir, 'optimizer.safetensors')) };
  }
  return checkpoint;
}

/** Builds the network of a checkpoint (either format) and loads its weights. */
export async function loadNetwork(dir: string): Promise<{ net: PointerNetwork; manifest: PointerManifest }> {
  const { manifest, weights } = await loadPointerCheckpoint(dir);
  const net = new PointerNetwork(manifest.config);
  try {
    net.loadWeights(weights);
  } finally {
    for (const t of weights.values()) t.dispose();
  }
  return { net, manifest };
}
