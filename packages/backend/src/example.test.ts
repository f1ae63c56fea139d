import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';

it('the README shows scripts/example.ts, and the example runs on WASM', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('../scripts/example.ts', import.meta.url), 'utf8');
  expect(readme).toContain(example.trim());
  await import('../scripts/example');
  expect(tf.getBackend()).toBe('wasm');
});
