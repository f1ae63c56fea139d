import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from './cli';

describe('seq2seq-pointer command line', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prints help for every command without starting a backend', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    for (const command of ['solve', 'train', 'eval']) {
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
  });
});
