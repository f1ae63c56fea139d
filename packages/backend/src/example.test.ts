import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { runReadmeExample } from './testing/index';

it('the README example chooses WASM in Node and reports why', async () => {
  const lines = await runReadmeExample(new URL('../README.md', import.meta.url));
  expect(tf.getBackend()).toBe('wasm');
  expect(lines[0]).toMatch(/^backend: wasm\n/);
  expect(lines.at(-1)).toBe('Float32Array(1) [ 11 ]');
});
