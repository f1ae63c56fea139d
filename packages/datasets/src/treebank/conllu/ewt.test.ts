/**
 * The real treebank kept in the repository (data/ud-english-ewt, see data/README.md): every
 * sentence of train and dev reads, and writes back byte for byte.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { treebankStatistics } from '../stats/statistics';
import { TreeConstraint } from '../tree/constraint';
import { delinearizeTree, linearizeTree } from '../tree/linearize';
import { projectivize } from '../tree/projectivity';
import { treeOf } from '../tree/tree';
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

  it('dev: every tree, projectivised, linearises, passes the constraint and comes back', async () => {
    const dev = await loadConlluFile(new URL('en_ewt-ud-dev.conllu.gz', DATA).pathname);
    const relations = treebankStatistics(dev).relations.map(([r]) => r);
    let lifted = 0;
    for (const sentence of dev) {
      const { tree, changed } = projectivize(treeOf(sentence));
      lifted += changed.length;
      const tokens = linearizeTree(tree);
      const constraint = new TreeConstraint({ length: sentence.words.length, relations });
      constraint.stateAfter([...tokens, constraint.endToken]); // throws on a token it would not allow
      expect(delinearizeTree(tokens, sentence.words.length)).toEqual(tree);
    }
    expect(lifted).toBe(36); // words whose head changes; dev has 36 non-projective arcs
  });
});
