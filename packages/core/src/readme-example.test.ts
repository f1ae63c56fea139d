import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { format } from 'node:util';
import { expect, it, vi } from 'vitest';

it('the README shows scripts/readme-example.ts, and the example trains on WASM, saves and reloads', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('../scripts/readme-example.ts', import.meta.url), 'utf8');
  expect(readme).toContain(example.trim());
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  await import('../scripts/readme-example');
  const lines = log.mock.calls.map((call) => format(...call));
  log.mockRestore();
  expect(tf.getBackend()).toBe('wasm');
  const [, before, after] = /^wasm: loss ([\d.]+) -> ([\d.]+)$/.exec(lines[0]!)!;
  expect(Number(after)).toBeLessThan(Number(before) / 2);
  expect(lines[1]).toBe("{ steps: '50' } largest difference after reload: 0");
});
