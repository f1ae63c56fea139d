import { readFileSync } from 'node:fs';
import { format } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { expect, it, vi } from 'vitest';

it('the README shows scripts/readme-example.ts, and the example trains a GRU on WASM', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('../scripts/readme-example.ts', import.meta.url), 'utf8');
  expect(readme).toContain(example.trim());
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  await import('../scripts/readme-example');
  const lines = log.mock.calls.map((call) => format(...call));
  log.mockRestore();
  expect(tf.getBackend()).toBe('wasm');
  const [, before, after] = /^wasm: loss ([\d.]+) -> ([\d.]+)$/.exec(lines[0]!)!;
  expect(Number(after)).toBeLessThan(Number(before) / 10);
});
