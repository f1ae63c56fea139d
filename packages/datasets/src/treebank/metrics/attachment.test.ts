import { describe, expect, it } from 'vitest';
import { DatasetError } from '../../errors';
import { readConllu } from '../conllu/reader';
import { sentenceFromForms, type ConlluSentence } from '../conllu/sentence';
import { withTree } from '../tree/tree';
import { AttachmentScorer, attachmentScores, universalRelation } from './attachment';

// Gold: "The dog 's owner ran ." with a multiword range and an empty node, which are not scored.
const GOLD = readConllu(
  [
    '# sent_id = g1',
    '1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_',
    '2-3\tdog\'s\t_\t_\t_\t_\t_\t_\t_\t_',
    '2\tdog\tdog\tNOUN\tNN\t_\t4\tnmod:poss\t_\t_',
    '3\t\'s\t\'s\tPART\tPOS\t_\t2\tcase\t_\t_',
    '4\towner\towner\tNOUN\tNN\t_\t5\tnsubj\t_\t_',
    '4.1\tran\trun\tVERB\tVBD\t_\t_\t_\t_\t_',
    '5\tran\trun\tVERB\tVBD\t_\t0\troot\t_\t_',
    '6\t.\t.\tPUNCT\t.\t_\t5\tpunct\t_\t_',
    '',
    '# sent_id = g2',
    '1\tGo\tgo\tVERB\tVB\t_\t0\troot\t_\t_',
    '2\t!\t!\tPUNCT\t.\t_\t1\tpunct\t_\t_',
    '',
  ].join('\n'),
);

const parse = (gold: ConlluSentence, heads: number[], relations: string[]) => withTree(sentenceFromForms(gold.words.map((w) => w.form)), { heads, relations });

describe('attachment scores', () => {
  it('match hand-computed counts', () => {
    const system = [
      // word 1 right; word 2 right head, subtype wrong (nmod:tmod vs nmod:poss); word 3 wrong head;
      // word 4 right head, wrong relation (obj); word 5 right; word 6 (punctuation) wrong head.
      parse(GOLD[0]!, [2, 4, 4, 5, 0, 4], ['det', 'nmod:tmod', 'case', 'obj', 'root', 'punct']),
      // both right
      parse(GOLD[1]!, [0, 1], ['root', 'punct']),
    ];
    const scores = attachmentScores(GOLD, system);
    expect(scores).toEqual({
      sentences: 2,
      words: 8, // 6 + 2: the range 2-3 and the empty node 4.1 are not words
      correctHeads: 6, // words 1, 2, 4, 5 and both of sentence 2
      correctLabeled: 4, // 1, 5 and both of sentence 2
      correctLabeledUniversal: 5, // and word 2 (nmod = nmod)
      uas: 6 / 8,
      las: 4 / 8,
      lasUniversal: 5 / 8,
    });
  });

  it('gold against itself scores 1', () => {
    expect(attachmentScores(GOLD, GOLD)).toMatchObject({ uas: 1, las: 1, lasUniversal: 1, words: 8 });
  });

  it('accumulate sentence by sentence', () => {
    const scorer = new AttachmentScorer();
    expect(scorer.scores).toMatchObject({ words: 0, uas: 0, las: 0 });
    scorer.add(GOLD[1]!, parse(GOLD[1]!, [2, 0], ['punct', 'root']));
    expect(scorer.scores).toMatchObject({ sentences: 1, words: 2, correctHeads: 0, uas: 0 });
    scorer.add(GOLD[0]!, GOLD[0]!);
    expect(scorer.scores).toMatchObject({ sentences: 2, words: 8, correctHeads: 6, uas: 0.75 });
  });

  it('universalRelation drops the subtype', () => {
    expect(universalRelation('nmod:poss')).toBe('nmod');
    expect(universalRelation('compound:prt')).toBe('compound');
    expect(universalRelation('obj')).toBe('obj');
  });

  it('refuse mismatched tokenisation and unparsed words', () => {
    const g = GOLD[1]!;
    expect(() => attachmentScores(GOLD, [GOLD[0]!])).toThrow(/2 gold sentences but 1 system sentences/);
    expect(() => attachmentScores([g], [parse(g, [0, 1, 1], ['root', 'punct', 'punct'])])).toThrow(DatasetError);
    expect(() => new AttachmentScorer().add(g, sentenceFromForms(['Go', '!', '!']))).toThrow(/sentence 1 \(sent_id g2\) has 2 words in gold and 3 in the system output; expected the same tokenisation/);
    expect(() => new AttachmentScorer().add(g, sentenceFromForms(['Go', '?']))).toThrow(/sentence 1 \(sent_id g2\) word 2 is "!" in gold and "\?" in the system output/);
    expect(() => new AttachmentScorer().add(g, sentenceFromForms(['Go', '!']))).toThrow(/word 1 has no HEAD in the system output/);
    expect(() => new AttachmentScorer().add(sentenceFromForms(['Go', '!']), g)).toThrow(/word 1 has no HEAD in gold/);
  });
});
