/**
 * The page's server without a browser: `/models/index.json` lists model folders as they are on
 * disk at each request (any name, new configs with `encoder: 'attention'` or a range of n,
 * smallest n first per task), a model's config.json and weights are served and nothing else
 * (never optimizer.safetensors), and `?points=` is parsed with messages that say what is wrong.
 */
import { cpSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instanceProblem, parsePoints } from '../web/instance';
import { listModels } from '../web/model-index';
import { serveWeb, type WebServer } from '../web/serve';

/** Writes a model folder with a config.json (and, unless told not to, weights and optimizer files). */
function writeModel(dir: string, name: string, config: Record<string, unknown>, files = ['model.safetensors', 'optimizer.safetensors']): void {
  mkdirSync(join(dir, name), { recursive: true });
  const trainer = { epoch: 1, step: 100, bestDevLoss: 0.5, epochsWithoutImprovement: 0, batchInEpoch: 0 };
  writeFileSync(join(dir, name, 'config.json'), JSON.stringify({ format: 'seq2seq-pointer/1', trainSeconds: 60, trainer, optimizerStep: 100, history: [], training: {}, command: '', ...config }));
  for (const file of files) writeFileSync(join(dir, name, file), 'bytes');
}

/** Writes a model folder in the library's checkpoint format (what `train` writes now). */
function writeCheckpoint(dir: string, name: string, data: Record<string, unknown>, config: Record<string, unknown>): void {
  mkdirSync(join(dir, name), { recursive: true });
  const training = { trainer: { epoch: 2, step: 200, bestDevLoss: 0.4, epochsWithoutImprovement: 0, batchInEpoch: 0 }, adamStep: 200, history: [], elapsedSeconds: 90 };
  writeFileSync(join(dir, name, 'checkpoint.json'), JSON.stringify({ format: 'seq2seq-checkpoint', version: 1, kind: 'pointer', config, data, step: 200, training }));
  for (const file of ['model.safetensors', 'optimizer.safetensors']) writeFileSync(join(dir, name, file), 'bytes');
}

describe('the pointer page server', () => {
  let models: string;
  let server: WebServer;

  beforeAll(async () => {
    models = mkdtempSync(join(tmpdir(), 'seq2seq-pointer-models-'));
    writeModel(models, 'convex-hull-n50', { task: 'convex-hull', n: 50, network: { encoder: 'attention', hiddenSize: 128 } });
    writeModel(models, 'hull-curriculum', { task: 'convex-hull', n: [5, 50], network: { hiddenSize: 64 } });
    writeModel(models, 'tsp-n20', { task: 'tsp', n: 20, network: {} });
    writeModel(models, 'tsp-n10', { task: 'tsp', n: 10, network: {} });
    writeModel(models, 'no-weights', { task: 'tsp', n: 5, network: {} }, []);
    writeModel(models, 'other-format', { format: 'seq2seq-checkpoint', task: 'tsp', n: 5 });
    writeCheckpoint(models, 'tsp-n50', { task: 'tsp', n: 50 }, { encoder: 'attention', hiddenSize: 32 });
    server = await serveWeb({ root: mkdtempSync(join(tmpdir(), 'seq2seq-pointer-dist-')), modelsDir: models });
  });

  afterAll(async () => {
    await server?.close();
    rmSync(models, { recursive: true, force: true });
  });

  it('lists usable models by task, smallest n first, and says why others are skipped', async () => {
    const index = await listModels(models);
    expect(index.models.map((m) => `${m.name}:${m.encoder}`)).toEqual(['hull-curriculum:lstm', 'convex-hull-n50:attention', 'tsp-n10:lstm', 'tsp-n20:lstm', 'tsp-n50:attention']);
    expect(index.models[0]).toMatchObject({ task: 'convex-hull', n: [5, 50], hiddenSize: 64, trainSeconds: 60, weightBytes: 5 });
    expect(index.models.at(-1)).toMatchObject({ task: 'tsp', n: 50, hiddenSize: 32, trainSeconds: 90 }); // checkpoint.json, the library format
    expect(index.skipped).toEqual(
      expect.arrayContaining([
        { name: 'no-weights', reason: 'no model.safetensors' },
        { name: 'other-format', reason: "config.json is not format 'seq2seq-pointer/1'" },
      ]),
    );
  });

  it('serves the index afresh, the weights, and never the optimizer moments', async () => {
    const get = (path: string) => fetch(`${server.origin}${path}`);
    const names = async () => ((await (await get('/models/index.json')).json()) as { models: Array<{ name: string }> }).models.map((m) => m.name);
    expect(await names()).toContain('tsp-n10');
    renameSync(join(models, 'tsp-n10'), join(models, 'tsp-n12'));
    cpSync(join(models, 'tsp-n12'), join(models, 'delaunay-n10'), { recursive: true });
    writeFileSync(join(models, 'delaunay-n10', 'config.json'), JSON.stringify({ format: 'seq2seq-pointer/1', task: 'delaunay', n: 10, network: {}, trainer: { step: 1 } }));
    expect(await names()).toEqual(['hull-curriculum', 'convex-hull-n50', 'delaunay-n10', 'tsp-n12', 'tsp-n20', 'tsp-n50']);
    expect((await get('/models/tsp-n50/checkpoint.json')).status).toBe(200);

    const config = await get('/models/tsp-n20/config.json');
    expect(config.status).toBe(200);
    expect(config.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect((await get('/models/tsp-n20/model.safetensors')).status).toBe(200);
    for (const path of ['/models/tsp-n20/optimizer.safetensors', '/models/tsp-n20/', '/models/../package.json', '/models/%2e%2e/web/serve.ts', '/models/tsp-n20/../../package.json']) {
      expect((await get(path)).status, path).toBe(404);
    }
  });

  it('reads ?points= and says what is wrong with it', () => {
    expect(parsePoints('[[0.1, 0.2], [0.5, 0.5], [1, 0]]')).toEqual({ points: [[0.1, 0.2], [0.5, 0.5], [1, 0]] });
    expect(parsePoints('[[0, 0], [1, 1]]')).toEqual({ points: [[0, 0], [1, 1]] });
    expect(instanceProblem([[0, 0], [1, 1]])).toMatch(/^The model needs at least 3 points; this instance has 2\./);
    expect(instanceProblem([[0, 0], [0.5, 0.5], [1, 1]])).toMatch(/^All points lie on one line/);
    expect(instanceProblem([[0, 0], [0.5, 0.6], [1, 1]])).toBeNull();
    expect(parsePoints('[[0, 0], [1]')).toMatchObject({ problem: expect.stringMatching(/^\?points= is not JSON/) });
    expect(parsePoints('{"points": []}')).toMatchObject({ problem: expect.stringMatching(/must be a JSON array/) });
    expect(parsePoints('[[0, 0], [1, "a"]]')).toEqual({ problem: '?points=: point 1 must be a pair [x, y] of finite numbers, got [1,"a"]' });
    expect(parsePoints('[[0, 0], [1.5, 0.2]]')).toMatchObject({ problem: expect.stringMatching(/point 1 is \[1\.5, 0\.2\], outside the unit square/) });
  });
});
