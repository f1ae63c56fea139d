import { readFileSync } from 'node:fs';
import { readmeExamples, runReadmeExample } from '@seq2seq/backend/testing';
import { expect, it } from 'vitest';

it('the README filterbank example reads the centre patch and writes it back', async () => {
  const readme = new URL('../../README.md', import.meta.url);
  const index = readmeExamples(readFileSync(readme, 'utf8')).findIndex((e) => e.code.includes('filterbankRead('));
  expect(index).toBeGreaterThanOrEqual(0);
  const lines = await runReadmeExample(readme, { index });
  expect(lines).toEqual(['patch 11 12 13 21 22 23 31 32 33', 'written 0000001110011100111000000']);
});
