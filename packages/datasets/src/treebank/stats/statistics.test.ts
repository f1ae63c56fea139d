import { describe, expect, it } from 'vitest';
import { readConllu } from '../conllu/reader';
import { sentenceFromForms } from '../conllu/sentence';
import { writeConllu } from '../conllu/writer';
import { withTree } from '../tree/tree';
import { treebankStatistics } from './statistics';

describe('treebankStatistics', () => {
  it('counts hand-made sentences', () => {
    const projective = withTree(sentenceFromForms(['She', 'left', '.']), { heads: [2, 0, 2], relations: ['nsubj', 'root', 'punct'] });
    // "A hearing is scheduled on the issue today": the arc hearing -> issue crosses "is scheduled".
    const crossing = withTree(sentenceFromForms(['A', 'hearing', 'is', 'scheduled', 'on', 'the', 'issue', 'today']), {
      heads: [2, 4, 4, 0, 7, 7, 2, 4],
      relations: ['det', 'nsubj:pass', 'aux:pass', 'root', 'case', 'det', 'nmod', 'obl:tmod'],
    });
    const unparsed = sentenceFromForms(['Hi']);
    const withRange = readConllu('1-2\tcannot\t_\t_\t_\t_\t_\t_\t_\t_\n1\tcan\tcan\tAUX\tMD\t_\t0\troot\t_\t_\n2\tnot\tnot\tPART\tRB\t_\t1\tadvmod\t_\t_\n\n')[0]!;
    const s = treebankStatistics(readConllu(writeConllu([projective, crossing, unparsed, withRange])));
    expect(s).toEqual({
      sentences: 4,
      words: 3 + 8 + 1 + 2,
      multiwordTokens: 1,
      emptyNodes: 0,
      length: { min: 1, max: 8, mean: 14 / 4, median: 2, p90: 8, p99: 8 },
      trees: 3,
      nonProjectiveSentences: 1,
      nonProjectiveArcs: 1,
      liftedWords: 1,
      relations: [
        ['root', 3],
        ['det', 2],
        ['advmod', 1],
        ['aux:pass', 1],
        ['case', 1],
        ['nmod', 1],
        ['nsubj', 1],
        ['nsubj:pass', 1],
        ['obl:tmod', 1],
        ['punct', 1],
      ],
      universalRelations: [
        ['root', 3],
        ['det', 2],
        ['nsubj', 2],
        ['advmod', 1],
        ['aux', 1],
        ['case', 1],
        ['nmod', 1],
        ['obl', 1],
        ['punct', 1],
      ],
    });
  });

  it('is zero for nothing', () => {
    expect(treebankStatistics([])).toMatchObject({ sentences: 0, words: 0, length: { min: 0, max: 0, mean: 0, median: 0 } });
  });
});
