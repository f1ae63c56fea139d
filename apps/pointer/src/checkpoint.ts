/**
 * Pointer checkpoints in the library's format (`checkpoint.json`, `model.safetensors`,
 * `optimizer.safetensors`; see `@seq2seq/seq2seq`'s checkpoint module): kind `'pointer'`, the
 * network config as `config`, the task and training size as `data`.
 *
 * Checkpoints of the app's earlier format (`config.json` with `"format": "seq2seq-pointer/1"`, as
 * the shipped models in `models/` are) are read through {@link migrateLegacyManifest}: the same
 * weight file, so a migrated model scores exactly as before. Node only; the web page reads the
 * same two formats by URL (web/load-model.ts), with the same migration (manifest.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WeightsError, loadWeights } from '@seq2seq/core';
import { PointerNetwork, loadCheckpoint, type PointerNetworkConfig } from '@seq2seq/seq2seq';
import { migrateLegacyManifest, type LegacyPointerInfo, type PointerCheckpoint, type PointerData, type PointerManifest, type PointerProvenance, type PointerTrainingExtra } from './manifest';

export type { LegacyPointerInfo, PointerCheckpoint, PointerData, PointerManifest, PointerProvenance, PointerTrainingExtra };
export { migrateLegacyManifest };

/** Whether `dir` holds a checkpoint (either format). */
export function hasCheckpoint(dir: string): boolean {
  return existsSync(join(dir, 'model.safetensors')) && (existsSync(join(dir, 'checkpoint.json')) || existsSync(join(dir, 'config.json')));
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
