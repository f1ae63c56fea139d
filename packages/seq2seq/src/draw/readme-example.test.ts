import { readFileSync } from 'node:fs';
import { readmeExamples, runReadmeExample } from '@seq2seq/backend/testing';
import { expect, it } from 'vitest';

it('the README DRAW example lowers the bound and reports where a sample wrote', async () => {
  const readme = new URL('../../README.md', import.meta.url);
  const index = readmeExamples(readFileSync(readme, 'utf8')).findIndex((e) => e.code.includes('new Draw('));
  expect(index).toBeGreaterThanOrEqual(0);
  const lines = await runReadmeExample(readme, { index });
  const [, after, before] = /^-log p\(x\) <= ([\d.]+) nats per image \(was ([\d.]+)\)$/.exec(lines[0]!)!;
  expect(Number(after)).toBeLessThan(Number(before));
  expect(lines[1]).toMatch(/^sample 0, step 4 wrote into x -?[\d.]+\.\.-?[\d.]+, y -?[\d.]+\.\.-?[\d.]+$/);
}, 180_000);
