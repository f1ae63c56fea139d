import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { format } from 'node:util';
import { expect, it, vi } from 'vitest';

it('the README shows scripts/readme-example.ts, and the example learns to reverse with attention', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('../scripts/readme-example.ts', import.meta.url), 'utf8');
  expect(readme).toContain(example.trim());
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  await import('../scripts/readme-example');
  const lines = log.mock.calls.map((call) => format(...call));
  log.mockRestore();
  expect(tf.getBackend()).toBe('wasm');
  const losses = lines.filter((l) => l.startsWith('epoch')).map((l) => Number(/loss ([\d.]+)/.exec(l)![1]));
  expect(losses.at(-1)!).toBeLessThan(losses[0]!);
  const [, tokens, attention] = /^reversed: ([\d ]+) \| attention of the first output: ([\d. ]+)$/.exec(lines.at(-1)!)!;
  expect(tokens).toBe('8 7 6 5');
  const weights = attention!.split(' ').map(Number);
  expect(weights.indexOf(Math.max(...weights))).toBe(3); // the first output attends to the last input digit
}, 120_000);
