/** The example of the `## Treebank` section of the package README, run as written (on the same fixture). */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  attachmentScores,
  delinearizeTree,
  linearizeTree,
  loadConlluFile,
  maximumSpanningTree,
  projectivize,
  sentenceFromForms,
  treebankStatistics,
  TreeConstraint,
  treeOf,
  universalRelation,
  withTree,
  writeConllu,
} from './index';
import { isTree } from './tree/validity';

const SAMPLE = fileURLToPath(new URL('../../fixtures/treebank/sample.conllu', import.meta.url));

describe('README example', () => {
  it('linearises, decodes under the constraint, points and scores as documented', async () => {
    const gold = await loadConlluFile(SAMPLE);
    const relations = treebankStatistics(gold).relations.map(([relation]) => relation);

    const target = linearizeTree(projectivize(treeOf(gold[0]!)).tree);
    expect(target.join(' ')).toBe('(root (nsubj (det XX ) XX ) XX (obl (case XX ) (det XX ) XX ) (punct XX ) )');

    const words = gold[1]!.words.map((w) => w.form);
    expect(words.join(' ')).toBe("I do n't know her name .");
    const constraint = new TreeConstraint({ length: words.length, relations });
    for (let run = 0; run < 50; run++) {
      let state = constraint.start();
      const output: string[] = [];
      while (!state.ended) {
        const allowed = constraint.allowedTokens(state);
        const token = allowed[Math.floor(Math.random() * allowed.length)]!;
        state = constraint.advance(state, token);
        if (token !== constraint.endToken) output.push(token);
      }
      const generated = withTree(sentenceFromForms(words), delinearizeTree(output, words.length));
      expect(output).toHaveLength(21);
      expect(isTree(generated.words.map((w) => w.head!))).toBe(true);
      expect(attachmentScores([gold[1]!], [generated]).words).toBe(7);
    }

    const goldHeads = treeOf(gold[1]!).heads;
    const scores = goldHeads.map((head) => Array.from({ length: words.length + 1 }, (_, h) => (h === head ? 0 : -1)));
    const { heads } = maximumSpanningTree(scores);
    expect(heads).toEqual(goldHeads);
    const labels = treeOf(gold[1]!).relations.map(universalRelation);
    const pointed = withTree(sentenceFromForms(words), { heads, relations: labels });

    expect(attachmentScores([gold[1]!], [pointed])).toMatchObject({ uas: 1, las: 6 / 7, lasUniversal: 1 });
    expect(writeConllu([pointed]).split('\n')[0]).toBe('1\tI\t_\t_\t_\t_\t4\tnsubj\t_\t_');
  });
});
