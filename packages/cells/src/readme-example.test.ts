import * as tf from '@tensorflow/tfjs-core';
import { runReadmeExample } from '@seq2seq/backend/testing';
import { expect, it } from 'vitest';

it('the README example trains a GRU on WASM', async () => {
  const lines = await runReadmeExample(new URL('../README.md', import.meta.url));
  expect(tf.getBackend()).toBe('wasm');
  const [, before, after] = /^wasm: loss ([\d.]+) -> ([\d.]+)$/.exec(lines[0]!)!;
  expect(Number(after)).toBeLessThan(Number(before) / 10);
});
