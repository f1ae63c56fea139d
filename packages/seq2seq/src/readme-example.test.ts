import * as tf from '@tensorflow/tfjs-core';
import { runReadmeExample } from '@seq2seq/backend/testing';
import { expect, it } from 'vitest';

it('the README example learns to reverse with attention', async () => {
  const lines = await runReadmeExample(new URL('../README.md', import.meta.url));
  expect(tf.getBackend()).toBe('wasm');
  const losses = lines.filter((l) => l.startsWith('epoch')).map((l) => Number(/loss ([\d.]+)/.exec(l)![1]));
  expect(losses.at(-1)!).toBeLessThan(losses[0]!);
  const [, tokens, attention] = /^reversed: ([\d ]+) \| attention of the first output: ([\d. ]+)$/.exec(lines.at(-1)!)!;
  expect(tokens).toBe('8 7 6 5');
  const weights = attention!.split(' ').map(Number);
  expect(weights.indexOf(Math.max(...weights))).toBe(3); // the first output attends to the last input digit
}, 120_000);

it('the README data-parallel example trains on 2 worker threads', async () => {
  const lines = await runReadmeExample(new URL('../README.md', import.meta.url), { index: 2 });
  const losses = lines.map((l) => /^epoch (\d) on 2 workers: loss ([\d.]+)$/.exec(l));
  expect(losses.map((m) => Number(m?.[1]))).toEqual([1, 2, 3]);
  expect(Number(losses[2]![2])).toBeLessThan(Number(losses[0]![2]));
}, 120_000);

it('the README decoding-pool example translates on 2 worker threads, in input order', async () => {
  const lines = await runReadmeExample(new URL('../README.md', import.meta.url), { index: 3 });
  expect(lines).toEqual(['4 translations on 2 workers, in input order: true']);
}, 120_000);

it('the README Seq2Tree example writes the tree of a sentence it learned', async () => {
  const { readmeExamples } = await import('@seq2seq/backend/testing');
  const { readFileSync } = await import('node:fs');
  const readme = new URL('../README.md', import.meta.url);
  const index = readmeExamples(readFileSync(readme, 'utf8')).findIndex((e) => e.code.includes('TreeGenerator'));
  const lines = await runReadmeExample(readme, { index });
  expect(lines.at(-1)).toBe('(root (nsubj XX ) XX (obj XX ) (punct XX ) ) | heads 2 0 2 2 | nsubj root obj punct');
}, 120_000);

it('the README pointer-network example round-trips a network through a PyTorch state dict', async () => {
  const { readmeExamples } = await import('@seq2seq/backend/testing');
  const { readFileSync } = await import('node:fs');
  const readme = new URL('../README.md', import.meta.url);
  const index = readmeExamples(readFileSync(readme, 'utf8')).findIndex((e) => e.code.includes('pointerNetworkFromTorchStateDict'));
  expect(index).toBeGreaterThan(0);
  const lines = await runReadmeExample(readme, { index });
  expect(lines.at(-1)).toBe('same hulls after the round trip: true');
}, 120_000);
