import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, expectClose } from '@seq2seq/backend/testing';
import { Rng, WeightsError } from '@seq2seq/core';
import { collate, type EncodedPair } from '@seq2seq/datasets';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TokenBatch } from './batch';
import { CHECKPOINT_FORMAT, loadCheckpoint, parseManifest, saveCheckpoint } from './checkpoint';
import type { Seq2SeqConfig } from './config';
import { Seq2Seq } from './model';
import { Trainer } from './training/trainer';

const CONFIG: Seq2SeqConfig = {
  encoder: { vocabSize: 9, embeddingSize: 4, hiddenSize: 4, cell: 'gru' },
  decoder: { vocabSize: 7, embeddingSize: 4, hiddenSize: 6, cell: 'lstm', attention: 'general' },
  seed: 5,
};

function pairs(n: number, rng: Rng): EncodedPair[] {
  return Array.from({ length: n }, () => {
    const x = Array.from({ length: 1 + rng.int(3) }, () => 4 + rng.int(5));
    return { source: [...x, 2], target: [1, ...x.map((v) => 3 + (v % 4)), 2] };
  });
}

const BATCHES = [collate(pairs(4, new Rng(1))), collate(pairs(4, new Rng(2)))];

/** A model and trainer after `steps` optimiser steps. */
async function trained(steps: number): Promise<{ model: Seq2Seq; trainer: Trainer<TokenBatch> }> {
  const model = new Seq2Seq(CONFIG);
  const trainer = new Trainer({ model, loss: (b: TokenBatch) => model.loss(b), trainBatches: () => BATCHES }, { epochs: 10, maxSteps: steps, schedule: { kind: 'constant', lr: 0.01 } });
  await trainer.fit();
  return { model, trainer };
}

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'seq2seq-checkpoint-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describeBackends('checkpoint', ({ backend }) => {
  const dirOf = (name: string) => join(root, `${backend}-${name}`);
  const manifest = { kind: 'seq2seq', config: CONFIG, data: { vocab: ['a', 'b'] }, metrics: { devLoss: 1.25 }, attribution: 'made up', provenance: { command: 'test' } };

  it('round-trips weights, Adam state and every manifest field of a small Seq2Seq', async () => {
    const { model, trainer } = await trained(3);
    const dir = dirOf('roundtrip');
    const rngState = new Rng(77).getState();
    await saveCheckpoint(dir, { manifest, model, training: { trainer: trainer.state, optimizer: trainer.optimizer, rngState, extra: { epochsAsked: 10 } } });
    expect((await readdir(dir)).sort()).toEqual(['checkpoint.json', 'model.safetensors', 'optimizer.safetensors']); // no temporary files left

    const loaded = await loadCheckpoint<Seq2SeqConfig, unknown>(dir, { kind: 'seq2seq', withOptimizer: true });
    expect(loaded.manifest).toEqual({
      ...manifest,
      format: CHECKPOINT_FORMAT,
      version: 1,
      step: 3,
      training: { trainer: { epoch: 1, step: 3, batchInEpoch: 1, epochsWithoutImprovement: 0 }, adamStep: 3, rngState, extra: { epochsAsked: 10 } },
    });
    const names = model.namedParameters().map(([n]) => n);
    expect([...loaded.weights.keys()].sort()).toEqual([...names].sort());
    for (const [name, v] of model.namedParameters()) await expectClose(loaded.weights.get(name)!, await v.data(), 0);
    const adam = trainer.optimizer.getState();
    expect(loaded.optimizer!.step).toBe(3);
    expect([...loaded.optimizer!.tensors.keys()].sort()).toEqual([...adam.tensors.keys()].sort());
    expect(loaded.optimizer!.tensors.size).toBe(2 * names.length);
    for (const [key, t] of adam.tensors) await expectClose(loaded.optimizer!.tensors.get(key)!, await t.data(), 0);

    // The manifest's config rebuilds the same model.
    const rebuilt = new Seq2Seq(loaded.manifest.config);
    rebuilt.loadWeights(loaded.weights);
    const [a, b] = [model.loss(BATCHES[0]!), rebuilt.loss(BATCHES[0]!)];
    await expectClose(b, await a.data(), 0);
    tf.dispose([a, b, ...loaded.weights.values(), ...loaded.optimizer!.tensors.values()]);

    // A shipped (inference-only) checkpoint in the same place drops the optimiser file, and
    // float16 weights come back within float16 precision.
    await saveCheckpoint(dir, { manifest: { ...manifest, step: 3 }, model, float16: true });
    expect((await readdir(dir)).sort()).toEqual(['checkpoint.json', 'model.safetensors']);
    const shipped = await loadCheckpoint(dir, { withOptimizer: true });
    expect(shipped.manifest.training).toBeUndefined();
    expect(shipped.optimizer).toBeUndefined();
    for (const [name, v] of model.namedParameters()) await expectClose(shipped.weights.get(name)!, await v.data(), 1e-3);
    tf.dispose([...shipped.weights.values()]);
    model.dispose();
    rebuilt.dispose();
    trainer.optimizer.dispose();
  });

  it('rejects files of different steps: the checkpoint was not saved completely', async () => {
    const { model, trainer } = await trained(2);
    const early = dirOf('early');
    const late = dirOf('late');
    await saveCheckpoint(early, { manifest, model, training: { trainer: trainer.state, optimizer: trainer.optimizer } });
    trainer.config.maxSteps = 3;
    await trainer.fit();
    await saveCheckpoint(late, { manifest, model, training: { trainer: trainer.state, optimizer: trainer.optimizer } });

    // Saving step 3 over step 2, killed after model.safetensors was renamed into place.
    const crashed = dirOf('crashed');
    await mkdir(crashed);
    for (const f of ['checkpoint.json', 'optimizer.safetensors']) await copyFile(join(early, f), join(crashed, f));
    await copyFile(join(late, 'model.safetensors'), join(crashed, 'model.safetensors'));
    await expect(loadCheckpoint(crashed)).rejects.toThrow(WeightsError);
    await expect(loadCheckpoint(crashed)).rejects.toThrow(
      /model\.safetensors' belongs to step 3 but checkpoint\.json to step 2: the checkpoint was not saved completely/,
    );
    // A stale optimizer file (step 2 beside a step-3 manifest), which only matters when read.
    const mixed = dirOf('mixed');
    await mkdir(mixed);
    await copyFile(join(late, 'checkpoint.json'), join(mixed, 'checkpoint.json'));
    await copyFile(join(late, 'model.safetensors'), join(mixed, 'model.safetensors'));
    await copyFile(join(early, 'optimizer.safetensors'), join(mixed, 'optimizer.safetensors'));
    const withoutOptimizer = await loadCheckpoint(mixed);
    tf.dispose([...withoutOptimizer.weights.values()]);
    await expect(loadCheckpoint(mixed, { withOptimizer: true })).rejects.toThrow(/optimizer\.safetensors' belongs to step 2 but checkpoint\.json to step 3: the checkpoint was not saved completely/);
    model.dispose();
    trainer.optimizer.dispose();
  });

  it('gives clear WeightsErrors for a directory that is not a checkpoint', async () => {
    const empty = dirOf('empty');
    await mkdir(empty);
    await expect(loadCheckpoint(empty)).rejects.toThrow(WeightsError);
    await expect(loadCheckpoint(empty)).rejects.toThrow(`no checkpoint in '${empty}': expected a directory with checkpoint.json and model.safetensors`);
    await expect(loadCheckpoint(join(root, 'missing'))).rejects.toThrow(/no checkpoint in/);

    const foreign = dirOf('foreign');
    await mkdir(foreign);
    // A vocabulary's JSON where the manifest should be.
    await writeFile(join(foreign, 'checkpoint.json'), JSON.stringify({ type: 'vocabulary', version: 1, tokens: ['<pad>'] }));
    await expect(loadCheckpoint(foreign)).rejects.toThrow(WeightsError);
    await expect(loadCheckpoint(foreign)).rejects.toThrow(/checkpoint\.json' is not a seq2seq checkpoint: expected a JSON object with "format": "seq2seq-checkpoint"/);
    await writeFile(join(foreign, 'checkpoint.json'), '{"format": "seq2seq-checkpoint",');
    await expect(loadCheckpoint(foreign)).rejects.toThrow(/checkpoint\.json' is not valid JSON/);

    const where = "'x/checkpoint.json'";
    expect(() => parseManifest(null, where)).toThrow(/is not a seq2seq checkpoint/);
    expect(() => parseManifest([1, 2], where)).toThrow(/is not a seq2seq checkpoint/);
    expect(() => parseManifest({ format: CHECKPOINT_FORMAT, version: 2, kind: 'seq2seq', config: {}, step: 1 }, where)).toThrow(/unsupported checkpoint version 2/);
    expect(() => parseManifest({ format: CHECKPOINT_FORMAT, version: 1, kind: 'seq2seq', config: {} }, where)).toThrow(/lacks "step" or "config"/);
  });

  it('rejects a checkpoint of another kind of model', async () => {
    const model = new Seq2Seq(CONFIG);
    const dir = dirOf('kind');
    await saveCheckpoint(dir, { manifest: { ...manifest, kind: 'pointer' }, model });
    await expect(loadCheckpoint(dir, { kind: 'seq2seq' })).rejects.toThrow(WeightsError);
    await expect(loadCheckpoint(dir, { kind: 'seq2seq' })).rejects.toThrow(/checkpoint\.json' holds a 'pointer' model, expected a 'seq2seq' model/);
    const any = await loadCheckpoint(dir);
    expect(any.manifest).toMatchObject({ kind: 'pointer', step: 0 });
    tf.dispose([...any.weights.values()]);
    model.dispose();
  });
});
