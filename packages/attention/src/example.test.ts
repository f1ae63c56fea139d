import * as tf from '@tensorflow/tfjs-core';
import { runReadmeExample } from '@seq2seq/backend/testing';
import { expect, it } from 'vitest';

it('the README example runs on CPU: masked weights are exactly 0, the chosen position too', async () => {
  const lines = await runReadmeExample(new URL('../README.md', import.meta.url));
  expect(tf.getBackend()).toBe('cpu');
  expect(lines[0]).toBe('context [ 2, 2, 8 ]');
  const pointer = lines.find((line) => line.startsWith('pointer probabilities'))!;
  expect(pointer).toMatch(/\[\s*\[\s*[\d.e-]+,\s*[\d.e-]+,\s*0,\s*[\d.e-]+\s*\],\s*\[\s*[\d.e-]+,\s*[\d.e-]+,\s*0,\s*0\s*\]\s*\]/);
});
