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

it('the README convolutional example trains (the loss falls) and encodes to [4, 2, 6, 16]', async () => {
  const lines = await runReadmeExample(new URL('../README.md', import.meta.url), { index: 1 });
  const loss = (line: string | undefined): number => Number(/loss ([\d.]+)$/.exec(line ?? '')![1]);
  expect(lines[0]).toMatch(/^step 0: loss /);
  expect(lines[1]).toMatch(/^step 9: loss /);
  expect(loss(lines[1])).toBeLessThan(0.9 * loss(lines[0]));
  expect(lines[2]).toBe('features [ 4, 2, 6, 16 ] weights conv1.kernel norm1.gamma norm1.beta norm1.runningMean norm1.runningVar');
});
