import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { loadWeights } from '@seq2seq/core';
import { createRuntime } from '@seq2seq/backend';
import { migratePointerConfig } from '@seq2seq/seq2seq';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPointerCheckpoint, migrateLegacyManifest, type LegacyPointerInfo } from './checkpoint';
import { MODELS_DIR } from './tasks';

const legacyDir = join(MODELS_DIR, 'tsp-n10');
const legacy = JSON.parse(readFileSync(join(legacyDir, 'config.json'), 'utf8')) as LegacyPointerInfo;

describe('checkpoints of the earlier pointer format (the shipped models)', () => {
  beforeAll(async () => {
    await createRuntime({ prefer: ['cpu'] });
  });

  it('migrate to the library manifest: same network, task, training state and learning curve', () => {
    const m = migrateLegacyManifest(legacy);
    expect(m).toMatchObject({ format: 'seq2seq-checkpoint', version: 1, kind: 'pointer', config: migratePointerConfig(legacy.network), data: { task: 'tsp', n: 10 }, step: legacy.trainer.step });
    expect(Object.keys(m.config)).not.toContain('embeddingDim'); // the contract's names, not the old ones
    expect(m.config).toMatchObject({ embeddingSize: (legacy.network as Record<string, unknown>).embeddingDim });
    expect(m.training).toMatchObject({ trainer: legacy.trainer, adamStep: legacy.optimizerStep, elapsedSeconds: legacy.trainSeconds, extra: { settings: legacy.training } });
    expect(m.training!.history!.map((h) => h.epoch)).toEqual(legacy.history.map((h) => h.epoch! + 1)); // 1-based, epochs done
    expect(m.training!.history![0]).toMatchObject({ step: legacy.history[0]!.step, trainLoss: legacy.history[0]!.trainLoss, tour: legacy.history[0]!.tour });
    expect(m.provenance).toEqual({ command: legacy.command });
  });

  it('load with the very weights of their file, and with their optimiser state for --resume', async () => {
    const checkpoint = await loadPointerCheckpoint(legacyDir, true);
    const direct = await loadWeights(join(legacyDir, 'model.safetensors'));
    try {
      expect([...checkpoint.weights.keys()].sort()).toEqual([...direct.keys()].sort());
      for (const [name, t] of direct) expect([...checkpoint.weights.get(name)!.dataSync()]).toEqual([...t.dataSync()]);
      expect(checkpoint.optimizer?.step).toBe(legacy.optimizerStep);
      expect(checkpoint.optimizer?.tensors.size).toBeGreaterThan(0);
    } finally {
      tf.dispose([...direct.values(), ...checkpoint.weights.values(), ...(checkpoint.optimizer?.tensors.values() ?? [])]);
    }
  });

  it('a folder with neither format is named in the error', async () => {
    await expect(loadPointerCheckpoint(join(MODELS_DIR, 'no-such-model'))).rejects.toThrow(/no checkpoint in '.*no-such-model': expected a directory with checkpoint\.json and model\.safetensors/);
  });
});
