import * as tf from '@tensorflow/tfjs-core';
import { runReadmeExample } from '@seq2seq/backend/testing';
import { expect, it } from 'vitest';

it('the README example runs on CPU and deleting a block changes the output', async () => {
  const lines = await runReadmeExample(new URL('../README.md', import.meta.url));
  expect(tf.getBackend()).toBe('cpu');
  expect(lines[0]).toMatch(/^output \[ 2, 5, 24 \] parameters \d+$/);
  const change = Number(/deleting block 2: ([\d.e-]+)$/.exec(lines[1]!)![1]);
  expect(change).toBeGreaterThan(0);
});
