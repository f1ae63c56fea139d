/**
 * Checkpoints: `config.json` (network config, task, training settings and progress),
 * `model.safetensors` (weights by hierarchical name) and, for resuming, `optimizer.safetensors`
 * (Adam moments). Every file is written to a temporary name and renamed into place; the JSON is
 * written last, so a checkpoint interrupted midway still loads as the previous one's config with
 * the newer weights at worst.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { loadModuleWeights, loadWeights, saveModuleWeights, saveWeights, writeFileAtomic } from '@seq2seq/core';
import { PointerNetwork, type PointerNetworkConfig, type PointerTask, type Trainer, type TrainerState } from '@seq2seq/seq2seq';

/** What `config.json` holds. */
export interface CheckpointInfo {
  /** Format marker. */
  format: 'seq2seq-pointer/1';
  task: PointerTask;
  /** Points per training instance: n, or [nMin, nMax]. */
  n: number | [number, number];
  network: PointerNetworkConfig;
  /** The training settings, as given on the command line. */
  training: Record<string, unknown>;
  /** The command that trained the model (for the README). */
  command: string;
  trainer: TrainerState;
  /** Adam's step count. */
  optimizerStep: number;
  /** Seconds spent training, over all resumed runs. */
  trainSeconds: number;
  /** One entry per epoch: step, seconds, losses and a quick greedy score. */
  history: Array<Record<string, number>>;
  /** Extra state (e.g. REINFORCE baseline rounds). */
  extra?: Record<string, unknown>;
}

/** Whether `dir` holds a checkpoint. */
export function hasCheckpoint(dir: string): boolean {
  return existsSync(join(dir, 'config.json')) && existsSync(join(dir, 'model.safetensors'));
}

/** Reads `config.json`. */
export function readCheckpointInfo(dir: string): CheckpointInfo {
  const info = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as CheckpointInfo;
  if (info.format !== 'seq2seq-pointer/1') throw new Error(`${dir}/config.json: not a seq2seq-pointer checkpoint`);
  return info;
}

/** Builds the network of a checkpoint and loads its weights. */
export async function loadNetwork(dir: string): Promise<{ net: PointerNetwork; info: CheckpointInfo }> {
  const info = readCheckpointInfo(dir);
  const net = new PointerNetwork(info.network);
  await loadModuleWeights(net, join(dir, 'model.safetensors'));
  return { net, info };
}

/** Restores Adam's moments (when saved) into a trainer built for `net`. */
export async function loadOptimizer(dir: string, trainer: Trainer<unknown>, net: PointerNetwork, info: CheckpointInfo): Promise<boolean> {
  const path = join(dir, 'optimizer.safetensors');
  if (!existsSync(path)) return false;
  const tensors = await loadWeights(path);
  try {
    trainer.optimizer.setState({ step: info.optimizerStep, tensors }, new Map(net.namedParameters()));
  } finally {
    tf.dispose([...tensors.values()]);
  }
  trainer.state = { ...info.trainer };
  return true;
}

/** Writes a checkpoint (weights, optimizer moments, then the JSON). */
export async function saveCheckpoint(dir: string, net: PointerNetwork, trainer: Trainer<unknown> | null, info: CheckpointInfo): Promise<void> {
  await saveModuleWeights(net, join(dir, 'model.safetensors'), { metadata: { task: info.task, step: String(info.trainer.step) } });
  if (trainer) {
    const { tensors } = trainer.optimizer.getState();
    if (tensors.size > 0) await saveWeights(tensors, join(dir, 'optimizer.safetensors'));
  }
  await writeFileAtomic(join(dir, 'config.json'), new TextEncoder().encode(`${JSON.stringify(info, null, 2)}\n`));
}
