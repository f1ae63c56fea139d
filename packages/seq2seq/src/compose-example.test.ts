/**
 * The README's "Compose your own" example: an attention seq2seq built from the pieces of every
 * package (not from `Seq2Seq`) learns to sort digits on the CPU backend, and frees what it made.
 */
import * as tf from '@tensorflow/tfjs-core';
import { runReadmeExample } from '@seq2seq/backend/testing';
import { expect, it } from 'vitest';

it('the README\'s composed model learns to sort digits well above chance', async () => {
  const started = Date.now();
  const cpu = process.cpuUsage();
  const lines = await runReadmeExample(new URL('../README.md', import.meta.url), { index: 1 });
  const seconds = (Date.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  expect(tf.getBackend()).toBe('cpu');
  const [before, after] = lines.map((l) => Number(/([\d.]+)%$/.exec(l)![1]));
  expect(lines[0]).toMatch(/^accuracy before training: /);
  expect(lines[1]).toMatch(/^accuracy after 200 steps: /);
  expect(before).toBeLessThan(30); // chance is 10% per digit
  expect(after).toBeGreaterThan(80);
  console.info(`compose example: ${seconds.toFixed(1)} s wall, ${cpuSeconds.toFixed(1)} s CPU (accuracy ${before}% -> ${after}%)`);
}, 120_000);
