/**
 * The page's model loader (web/load-model.ts) in Node, over the page's own server: a shipped model
 * (the earlier config.json format) and one that `train` writes now (checkpoint.json) load with
 * the same weights the command line loads.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRuntime } from '@seq2seq/backend';
import { saveCheckpoint } from '@seq2seq/seq2seq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNetwork } from '../src/checkpoint';
import { MODELS_DIR } from '../src/tasks';
import { fetchPointerModel } from '../web/load-model';
import { serveWeb, type WebServer } from '../web/serve';

describe('the page loads checkpoints of both formats', () => {
  let models: string;
  let server: WebServer;

  beforeAll(async () => {
    await createRuntime({ prefer: ['cpu'] });
    models = mkdtempSync(join(tmpdir(), 'pointer-load-model-'));
    cpSync(join(MODELS_DIR, 'tsp-n10'), join(models, 'tsp-n10'), { recursive: true });
    // The same network saved as `train` saves now.
    const { net, manifest } = await loadNetwork(join(MODELS_DIR, 'tsp-n10'));
    await saveCheckpoint(join(models, 'tsp-n10-new'), { manifest: { kind: 'pointer', config: manifest.config, data: manifest.data, step: manifest.step }, model: net });
    net.dispose();
    server = await serveWeb({ root: mkdtempSync(join(tmpdir(), 'pointer-load-model-dist-')), modelsDir: models });
  });

  afterAll(async () => {
    await server?.close();
    rmSync(models, { recursive: true, force: true });
  });

  it('with the weights and the description the command line has', async () => {
    const { net: reference } = await loadNetwork(join(MODELS_DIR, 'tsp-n10'));
    const want = Object.fromEntries([...reference.getWeights()].map(([k, v]) => [k, [...v.dataSync()]]));
    for (const name of ['tsp-n10', 'tsp-n10-new']) {
      const { net, info } = await fetchPointerModel(`${server.origin}/models/${name}/`);
      expect(info).toMatchObject({ task: 'tsp', n: 10, steps: 4323 });
      expect(Object.fromEntries([...net.getWeights()].map(([k, v]) => [k, [...v.dataSync()]]))).toEqual(want);
      net.dispose();
    }
    reference.dispose();
  });
});
