import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from './cli';

describe('seq2seq-pointer command line', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prints help for every command without starting a backend', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    for (const command of ['solve', 'train', 'eval', 'import-torch', 'export-torch']) {
      expect(await main([command, '--help'])).toBe(0);
      expect(String(log.mock.calls.at(-1)?.[0])).toMatch(new RegExp(`^usage: seq2seq-pointer ${command}`));
    }
    expect(await main(['--help'])).toBe(0);
    expect(String(log.mock.calls.at(-1)?.[0])).toMatch(/solve.*\n.*\n.*train/s);
  });

  it('rejects a bad task or backend with the usage and exit code 2', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await main(['solve', '--task', 'sort', '--backend', 'cpu'])).toBe(2);
    expect(String(error.mock.calls.at(-1)?.[0])).toMatch(/--task must be hull, delaunay or tsp/);
    expect(await main(['eval', '--backend', 'tpu'])).toBe(2);
    expect(String(error.mock.calls.at(-1)?.[0])).toMatch(/--backend must be wasm, webgpu or cpu/);
    expect(await main(['frobnicate'])).toBe(2);
    expect(await main(['solve', '--task', 'tsp', '--beem', '3'])).toBe(2);
    expect(String(error.mock.calls.at(-1)?.[0])).toMatch(/^unknown option --beem; known options: --task, --model, --beam/);
    expect(await main(['solve', '--task', 'tsp', '--beam', '0'])).toBe(2);
    expect(String(error.mock.calls.at(-1)?.[0])).toMatch(/^--beam must be an integer >= 1, got '0'/);
  });

  it('trains an attention-encoder network, checkpoints it and resumes it', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const out = mkdtempSync(join(tmpdir(), 'pointer-train-'));
    try {
      const tiny = ['--task', 'hull', '--n', '5', '--out', out, '--backend', 'cpu', '--encoder', 'attention', '--layers', '1', '--heads', '2'];
      const sizes = ['--hidden', '8', '--embedding', '8', '--batch', '4', '--steps-per-epoch', '2'];
      expect(await main(['train', ...tiny, ...sizes, '--epochs', '1'])).toBe(0);
      const first = JSON.parse(readFileSync(join(out, 'checkpoint.json'), 'utf8'));
      expect(first).toMatchObject({ format: 'seq2seq-checkpoint', kind: 'pointer', data: { task: 'convex-hull', n: 5 }, step: 2 });
      expect(first.config).toMatchObject({ encoder: 'attention', numEncoderLayers: 1, numHeads: 2, hiddenSize: 8 });
      expect(first.training.history).toHaveLength(1);
      expect(first.training.history[0]).toMatchObject({ epoch: 1, step: 2, accuracy: expect.any(Number) });
      expect(await main(['train', '--out', out, '--resume', '--epochs', '2', '--backend', 'cpu'])).toBe(0);
      const second = JSON.parse(readFileSync(join(out, 'checkpoint.json'), 'utf8'));
      expect(second.training.history.map((h: { step: number }) => h.step)).toEqual([2, 4]);
      expect(second.training.extra.settings).toMatchObject({ epochs: 2, 'steps-per-epoch': 2, batch: 4 });
      expect(second.provenance.command).toMatch(/^seq2seq-pointer train --task hull .* && seq2seq-pointer train --out .* --resume/);
      expect(second.config.encoder).toBe('attention');
      expect(await main(['train', '--task', 'hull', '--n', '5', '--out', join(out, 'x'), '--encoder', 'transformer', '--backend', 'cpu'])).toBe(2);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);

  it('trains on 2 workers to the in-process result, resumes on 2 workers, and refuses a bad --workers', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const root = mkdtempSync(join(tmpdir(), 'pointer-workers-'));
    try {
      const tiny = ['--task', 'hull', '--n', '5', '--backend', 'cpu', '--hidden', '8', '--embedding', '8', '--batch', '6', '--steps-per-epoch', '2', '--epochs', '1'];
      expect(await main(['train', ...tiny, '--out', join(root, 'single')])).toBe(0);
      const out = join(root, 'workers');
      expect(await main(['train', ...tiny, '--out', out, '--workers', '2'])).toBe(0);
      expect(stderr.mock.calls.map(([s]) => String(s)).join('')).toMatch(/training on 2 worker threads/);
      const single = JSON.parse(readFileSync(join(root, 'single', 'checkpoint.json'), 'utf8')).training.history[0];
      const first = JSON.parse(readFileSync(join(out, 'checkpoint.json'), 'utf8')).training.history[0];
      expect(first.step).toBe(2);
      expect(first.trainLoss).toBeCloseTo(single.trainLoss, 4); // the same global batches: the same steps
      expect(first.devLoss).toBeCloseTo(single.devLoss, 4);
      expect(await main(['train', '--out', out, '--resume', '--epochs', '2', '--workers', '2', '--backend', 'cpu'])).toBe(0);
      const second = JSON.parse(readFileSync(join(out, 'checkpoint.json'), 'utf8'));
      expect(second.training.history.map((h: { step: number }) => h.step)).toEqual([2, 4]);
      expect(await main(['train', ...tiny, '--out', join(root, 'x'), '--workers', '0'])).toBe(2);
      expect(String(error.mock.calls.at(-1)?.[0])).toMatch(/--workers must be a positive integer or 'auto', got '0'/);
      expect(await main(['train', '--task', 'tsp', '--n', '5', '--method', 'reinforce', '--out', join(root, 'rl'), '--workers', '2', '--backend', 'cpu'])).toBe(2);
      expect(String(error.mock.calls.at(-1)?.[0])).toMatch(/--workers trains --method supervised only/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 120_000);
});
