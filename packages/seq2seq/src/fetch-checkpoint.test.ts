/**
 * fetchCheckpoint over a stubbed `fetch`: the same weights as loadCheckpoint, and `onProgress`
 * follows the weights' download to its full size.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { WeightsError } from '@seq2seq/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fetchCheckpoint, loadCheckpoint, saveCheckpoint } from './checkpoint';
import type { Seq2SeqConfig } from './config';
import { Seq2Seq } from './model';

const CONFIG: Seq2SeqConfig = {
  encoder: { vocabSize: 9, embeddingSize: 4, hiddenSize: 4, cell: 'gru' },
  decoder: { vocabSize: 7, embeddingSize: 4, hiddenSize: 6, cell: 'lstm', attention: 'general' },
  seed: 5,
};

let dir: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'seq2seq-fetch-checkpoint-'));
  const model = new Seq2Seq(CONFIG);
  await saveCheckpoint(dir, { manifest: { kind: 'seq2seq', config: CONFIG, data: {} }, model });
  model.dispose();
});
afterAll(async () => {
  vi.unstubAllGlobals();
  await rm(dir, { recursive: true, force: true });
});

/** A fetch that serves `dir` at http://models.test/m/, in chunks of 64 bytes, with Content-Length unless told not to. */
function serve(withLength: boolean): void {
  vi.stubGlobal('fetch', async (url: string) => {
    const name = url.replace('http://models.test/m/', '');
    const bytes = await readFile(join(dir, name)).catch(() => null);
    if (!bytes) return new Response('missing', { status: 404 });
    let at = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at >= bytes.length) return controller.close();
        controller.enqueue(new Uint8Array(bytes.subarray(at, at + 64)));
        at += 64;
      },
    });
    return new Response(body, { headers: withLength ? { 'content-length': String(bytes.length) } : {} });
  });
}

describe('fetchCheckpoint', () => {
  it('loads what loadCheckpoint loads and reports the weights download to its end', async () => {
    serve(true);
    const size = (await readFile(join(dir, 'model.safetensors'))).length;
    const progress: Array<[number, number | null]> = [];
    const fetched = await fetchCheckpoint<Seq2SeqConfig, unknown>('http://models.test/m', { kind: 'seq2seq', onProgress: (loaded, total) => progress.push([loaded, total]) });
    const local = await loadCheckpoint<Seq2SeqConfig, unknown>(dir, { kind: 'seq2seq' });
    expect([...fetched.weights.keys()]).toEqual([...local.weights.keys()]);
    for (const [name, tensor] of local.weights) expect(Array.from(fetched.weights.get(name)!.dataSync())).toEqual(Array.from(tensor.dataSync()));
    expect(progress[0]).toEqual([0, size]);
    expect(progress.at(-1)).toEqual([size, size]);
    expect(progress.length).toBeGreaterThan(size / 64);
    for (let i = 1; i < progress.length; i++) expect(progress[i]![0]).toBeGreaterThan(progress[i - 1]![0]);
  });

  it('reports a null total when the server sends no length, and fails clearly on a missing folder', async () => {
    serve(false);
    const totals = new Set<number | null>();
    await fetchCheckpoint('http://models.test/m/', { onProgress: (_, total) => totals.add(total) });
    expect([...totals]).toEqual([null]);
    await expect(fetchCheckpoint('http://models.test/none/')).rejects.toThrow(WeightsError);
  });
});
