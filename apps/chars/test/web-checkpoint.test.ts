/**
 * The page's checkpoint files (web/checkpoint-files.ts): what "Download weights" gives loads with
 * the library's loader (as `seq2seq-chars sample --model DIR` does) to the same weights, and a
 * training save restores weights and Adam's moments exactly.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { CharVocabulary } from '@seq2seq/datasets';
import { CharLanguageModel, charLanguageModelTask, loadCharLanguageModel, sampleChars, Trainer } from '@seq2seq/seq2seq';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkpointFiles, restoreCheckpoint } from '../web/checkpoint-files';

const TEXT = 'To be, or not to be, that is the question:\nWhether tis nobler in the mind to suffer\n'.repeat(8);

async function weightsOf(model: CharLanguageModel): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = {};
  for (const [name, t] of model.getWeights()) out[name] = Array.from(await t.data());
  return out;
}

describe('page checkpoint files', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('download: loads with loadCharLanguageModel to the same weights and samples', async () => {
    const model = new CharLanguageModel({ cell: 'gru', hiddenSize: 16, numLayers: 1, dropout: 0, seed: 3 });
    const files = await checkpointFiles(model, 7, { data: { corpus: 'pasted' } });
    expect(Object.keys(files).sort()).toEqual(['checkpoint.json', 'model.safetensors']);
    const dir = mkdtempSync(join(tmpdir(), 'chars-page-ckpt-'));
    try {
      for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
      const { model: loaded, manifest } = await loadCharLanguageModel(dir);
      expect(manifest.step).toBe(7);
      expect(manifest.kind).toBe('char-lm');
      expect(manifest.data.corpus).toBe('pasted');
      expect(await weightsOf(loaded)).toEqual(await weightsOf(model));
      expect(sampleChars(loaded, { prime: 'To', length: 30, seed: 2 })).toBe(sampleChars(model, { prime: 'To', length: 30, seed: 2 }));
      loaded.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
      model.dispose();
    }
  });

  it('save: restores the weights and the optimizer state, without leaking tensors', async () => {
    const model = new CharLanguageModel({ cell: 'gru', hiddenSize: 16, numLayers: 1, dropout: 0, seed: 4 });
    const { ids } = new CharVocabulary().encode(TEXT);
    const task = charLanguageModelTask(model, { train: ids, batchSize: 4, seqLen: 16 });
    const trainer = new Trainer(task, { schedule: { kind: 'constant', lr: 1e-2 }, clipNorm: 5 });
    const batches = task.trainBatches(0) as Parameters<typeof trainer.trainStep>[0][];
    for (const b of batches.slice(0, 3)) trainer.trainStep(b);
    const before = tf.memory().numTensors;
    const files = await checkpointFiles(model, trainer.state.step, {
      training: { trainer: trainer.state, optimizer: trainer.optimizer, history: [], elapsedSeconds: 1.5, extra: { note: 'x' } },
    });
    expect(Object.keys(files).sort()).toEqual(['checkpoint.json', 'model.safetensors', 'optimizer.safetensors']);
    const restored = restoreCheckpoint(files);
    expect(restored.manifest.training?.trainer.step).toBe(3);
    expect(restored.manifest.training?.extra).toEqual({ note: 'x' });
    expect(await weightsOf(restored.model)).toEqual(await weightsOf(model));
    const saved = trainer.optimizer.getState();
    expect(restored.optimizer?.step).toBe(saved.step);
    for (const [name, t] of saved.tensors) expect(Array.from(await restored.optimizer!.tensors.get(name)!.data())).toEqual(Array.from(await t.data()));
    tf.dispose([...restored.optimizer!.tensors.values()]);
    restored.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
    task.dispose();
    trainer.optimizer.dispose();
    model.dispose();
  });
});
