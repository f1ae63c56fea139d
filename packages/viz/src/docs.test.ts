import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { docPictures } from '../scripts/docs';

it('the pictures in docs/ are what the library draws now (regenerate: pnpm --filter @seq2seq/viz pictures)', () => {
  const pictures = docPictures();
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  for (const [name, svg] of Object.entries(pictures)) {
    // Gradient ids are numbered per process; compare without them.
    const plain = (s: string) => s.replace(/(attention|text)-legend-\d+/g, '$1-legend');
    const current = plain(readFileSync(new URL(`../docs/${name}`, import.meta.url), 'utf8').trimEnd()) === plain(svg);
    expect(current, `docs/${name} is out of date: pnpm --filter @seq2seq/viz pictures`).toBe(true);
    expect(readme, `README shows docs/${name}`).toContain(`(docs/${name})`);
  }
});
