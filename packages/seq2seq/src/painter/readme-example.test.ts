import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { readmeExamples, runReadmeExample } from '@seq2seq/backend/testing';
import { expect, it } from 'vitest';

it('the README painter example trains on 32 digits and prints 6 strokes in range', async () => {
  const readme = new URL('../../README.md', import.meta.url);
  const index = readmeExamples(readFileSync(readme, 'utf8')).findIndex((e) => e.code.includes('new Painter('));
  expect(index).toBeGreaterThanOrEqual(0);
  const lines = await runReadmeExample(readme, { index });
  expect(tf.getBackend()).toBe('wasm');
  const bce = (prefix: string): number => Number(/([\d.]+)$/.exec(lines.find((l) => l.startsWith(prefix))!)![1]);
  expect(bce('BCE per pixel after')).toBeLessThan(bce('BCE per pixel before'));
  const strokes = lines.filter((l) => l.startsWith('stroke ')).map((l) => l.split(': ')[1]!.split(' ').map(Number));
  expect(strokes).toHaveLength(6);
  for (const s of strokes) for (const v of s) expect(v >= 0 && v <= 1).toBe(true);
}, 180_000);
