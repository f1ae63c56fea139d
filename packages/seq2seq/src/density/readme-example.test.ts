import { readFileSync } from 'node:fs';
import { readmeExamples, runReadmeExample } from '@seq2seq/backend/testing';
import { expect, it } from 'vitest';

it('the README density example: the FVSBN learns that the second pixel copies the first', async () => {
  const readme = new URL('../../README.md', import.meta.url);
  const index = readmeExamples(readFileSync(readme, 'utf8')).findIndex((e) => e.code.includes('new Fvsbn('));
  expect(index).toBeGreaterThanOrEqual(0);
  const lines = await runReadmeExample(readme, { index });
  expect(lines[0]).toMatch(/^independent pixels: 1\.(3[6-9]|40) nats$/);
  expect(lines[1]).toBe('FVSBN: under 0.8 nats');
  for (const pair of lines[2]!.split(' ')) expect(['00', '11']).toContain(pair);
}, 180_000);
