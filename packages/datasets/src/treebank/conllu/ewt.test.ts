/**
 * The real treebank kept in the repository (data/ud-english-ewt, see data/README.md): every
 * sentence of train and dev reads, and writes back byte for byte.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadConlluFile } from './file';
import { readConllu } from './reader';
import { writeConllu } from './writer';

const DATA = new URL('../../../../../data/ud-english-ewt/', import.meta.url);
const splits = [
  { name: 'train', sentences: 12_544, words: 204_577 },
  { name: 'dev', sentences: 2_001, words: 25_147 },
];

describe('UD English EWT', () => {
  for (const { name, sentences, words } of splits) {
    it(`${name}: reads every sentence and writes the file back byte-identical`, () => {
      const path = new URL(`en_ewt-ud-${name}.conllu.gz`, DATA);
      const text = gunzipSync(readFileSync(path)).toString('utf8');
      const read = readConllu(text);
      expect(read).toHaveLength(sentences);
      expect(read.reduce((n, s) => n + s.words.length, 0)).toBe(words);
      expect(read.some((s) => s.multiwordTokens.length > 0)).toBe(true);
      expect(read.some((s) => s.emptyNodes.length > 0)).toBe(true);
      const written = writeConllu(read);
      expect(written.length).toBe(text.length);
      expect(written === text).toBe(true); // not toBe(text): a failure would print 14 MB
    });
  }

  it('loadConlluFile reads the .gz and names the file in errors', async () => {
    const dev = await loadConlluFile(new URL('en_ewt-ud-dev.conllu.gz', DATA).pathname);
    expect(dev).toHaveLength(2_001);
    await expect(loadConlluFile('/nonexistent/x.conllu')).rejects.toThrow(/loadConlluFile: cannot read "\/nonexistent\/x.conllu"/);
  });
});
