import { readmeExamples, runReadmeExample } from '@seq2seq/backend/testing';
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

it('the README example runs a spatial LSTM and steps it in raster order', { timeout: 300_000 }, async () => {
  const readme = new URL('../../README.md', import.meta.url);
  const index = readmeExamples(readFileSync(readme, 'utf8')).findIndex((e) => e.code.includes('new SpatialLstm('));
  expect(index).toBeGreaterThanOrEqual(0);
  const lines = await runReadmeExample(readme, { index });
  expect(lines).toEqual(['h 2x5x7x8, step agrees: true']);
});
