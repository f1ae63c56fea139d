/**
 * `import-torch` / `export-torch` on a hull model trained with `torchrun --nproc_per_node 2` (the
 * PyTorch reference, python/seq2seq_torch/train_pointer.py; fixture written by
 * make_pointer_cli_fixture.py with what PyTorch answers).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { decodeSafetensors } from '@seq2seq/core';
import type { Point } from '@seq2seq/datasets';
import { solvePointSets } from '@seq2seq/seq2seq';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadNetwork } from './checkpoint';
import { main } from './cli';

const FIXTURE = join(import.meta.dirname, '..', 'test', 'fixtures', 'torch-hull');
const expected = JSON.parse(readFileSync(join(FIXTURE, 'expected.json'), 'utf8')) as { points: Point[][]; hulls: number[][]; step: number };

describe('seq2seq-pointer import-torch and export-torch', () => {
  afterEach(() => vi.restoreAllMocks());

  for (const backend of ['cpu', 'wasm']) it(`${backend}: imports a model trained with PyTorch: a checkpoint that solves as PyTorch did, and exports it back`, async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const dir = mkdtempSync(join(tmpdir(), 'pointer-torch-'));
    try {
      const from = join(FIXTURE, 'model.safetensors');
      expect(await main(['import-torch', '--from', from, '--out', join(dir, 'model'), '--backend', backend])).toBe(0);
      expect(String(stderr.mock.calls.at(-1)?.[0])).toMatch(/^imported .*model.safetensors \(convex-hull, step \d+\) to /);
      const manifest = JSON.parse(readFileSync(join(dir, 'model', 'checkpoint.json'), 'utf8'));
      expect(manifest).toMatchObject({ kind: 'pointer', data: { task: 'convex-hull', n: [5, 10] }, step: expected.step });
      expect(manifest.provenance.command).toMatch(/^seq2seq-pointer import-torch --from /);
      expect(manifest.provenance.torch).toMatchObject({ world: '2', task: 'convex-hull' });

      const { net } = await loadNetwork(join(dir, 'model'));
      expect(solvePointSets(net, expected.points)).toEqual(expected.hulls);
      net.dispose();

      expect(await main(['export-torch', '--model', join(dir, 'model'), '--out', join(dir, 'back.safetensors'), '--backend', backend])).toBe(0);
      const original = decodeSafetensors(readFileSync(from));
      const back = decodeSafetensors(readFileSync(join(dir, 'back.safetensors')));
      expect(JSON.parse(back.metadata.config!)).toEqual(JSON.parse(original.metadata.config!));
      expect(back.metadata).toMatchObject({ format: 'seq2seq-torch', task: 'convex-hull', n: '[5,10]' });
      expect([...back.tensors.keys()].sort()).toEqual([...original.tensors.keys()].sort());
      for (const [k, t] of original.tensors) {
        if (/bias_(ih|hh)_l/.test(k)) continue; // LSTM biases come back summed into bias_ih (checked in @seq2seq/seq2seq)
        expect(Array.from(back.tensors.get(k)!.dataSync()), k).toEqual(Array.from(t.dataSync()));
      }
      tf.dispose([...original.tensors.values(), ...back.tensors.values()]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('says what is missing or wrong', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const from = join(FIXTURE, 'model.safetensors');
    expect(await main(['import-torch', '--from', from, '--backend', 'cpu'])).toBe(2);
    expect(String(error.mock.calls.at(-1)?.[0])).toMatch(/^import-torch needs --from FILE.safetensors and --out DIR/);
    expect(await main(['import-torch', '--from', from, '--out', '/nonexistent/x', '--task', 'sort', '--backend', 'cpu'])).toBe(2);
    expect(String(error.mock.calls.at(-1)?.[0])).toMatch(/--task must be hull, delaunay or tsp/);
    await expect(main(['import-torch', '--from', from, '--out', '/nonexistent/x', '--task', 'tsp', '--backend', 'cpu'])).rejects.toThrow(
      /the network's output rules .* are not those of tsp/,
    );
    await expect(main(['import-torch', '--from', join(FIXTURE, 'missing.safetensors'), '--out', '/nonexistent/x', '--backend', 'cpu'])).rejects.toThrow(
      /cannot read the PyTorch checkpoint '.*missing.safetensors'/,
    );
    expect(await main(['export-torch', '--model', FIXTURE, '--backend', 'cpu'])).toBe(2);
    expect(String(error.mock.calls.at(-1)?.[0])).toMatch(/^export-torch needs --model DIR and --out FILE.safetensors/);
  });
});
