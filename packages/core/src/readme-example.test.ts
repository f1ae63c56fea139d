import * as tf from '@tensorflow/tfjs-core';
import { runReadmeExample } from '@seq2seq/backend/testing';
import { expect, it } from 'vitest';

it('the README example trains on WASM, saves and reloads', async () => {
  const lines = await runReadmeExample(new URL('../README.md', import.meta.url));
  expect(tf.getBackend()).toBe('wasm');
  const [, before, after] = /^wasm: loss ([\d.]+) -> ([\d.]+)$/.exec(lines[0]!)!;
  expect(Number(after)).toBeLessThan(Number(before) / 2);
  expect(lines[1]).toBe("{ steps: '50' } largest difference after reload: 0");
});
