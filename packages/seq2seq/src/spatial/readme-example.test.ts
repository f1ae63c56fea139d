import { readmeExamples, runReadmeExample } from '@seq2seq/backend/testing';
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

it('the README example grows a striped texture', { timeout: 600_000 }, async () => {
  const readme = new URL('../../README.md', import.meta.url);
  const index = readmeExamples(readFileSync(readme, 'utf8')).findIndex((e) => e.code.includes('new RecurrentImageDensity('));
  expect(index).toBeGreaterThanOrEqual(0);
  const lines = await runReadmeExample(readme, { index });
  expect(lines[0]).toBe('nats per 5x5 patch: under 1');
  const rows = lines.slice(1);
  expect(rows).toHaveLength(6);
  expect(['#.#.#.#.#.#.', '.#.#.#.#.#.#']).toContain(rows[0]);
  expect(new Set(rows).size).toBe(1); // every row repeats the first: stripes
});
