import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { readmeExamples, runReadmeExample } from '@seq2seq/backend/testing';
import { expect, it } from 'vitest';

it('the README example of the decoding kernels runs on WASM and agrees with tfjs', async () => {
  const readme = new URL('../../README.md', import.meta.url);
  const index = readmeExamples(readFileSync(readme, 'utf8')).findIndex((e) => e.code.includes('linearLogSoftmax('));
  expect(index).toBeGreaterThanOrEqual(0);
  const lines = await runReadmeExample(readme, { index });
  expect(tf.getBackend()).toBe('wasm');
  expect(lines).toEqual(['wasm: log-probabilities 4x100 agree: true; picked 3x16']);
});
