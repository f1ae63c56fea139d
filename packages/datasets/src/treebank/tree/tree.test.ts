import { describe, expect, it } from 'vitest';
import { readConllu } from '../conllu/reader';
import { sentenceFromForms } from '../conllu/sentence';
import { writeConllu } from '../conllu/writer';
import { treeOf, withTree } from './tree';

const PARSED = [
  '# text = She left.',
  '1\tShe\tshe\tPRON\tPRP\t_\t2\tnsubj\t2:nsubj\t_',
  '2-3\tleft.\t_\t_\t_\t_\t_\t_\t_\t_',
  '2\tleft\tleave\tVERB\tVBD\t_\t0\troot\t0:root\tSpaceAfter=No',
  '3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t2:punct\t_',
  '',
  '',
].join('\n');

describe('treeOf and withTree', () => {
  it('take a tree out of a sentence and put it back', () => {
    const [s] = readConllu(PARSED);
    const tree = treeOf(s!);
    expect(tree).toEqual({ heads: [2, 0, 2], relations: ['nsubj', 'root', 'punct'] });
    expect(writeConllu([withTree(s!, tree)])).toBe(PARSED);
  });

  it('fills a parser input, keeping comments and ranges, without changing the input', () => {
    const input = sentenceFromForms(['She', 'left', '.'], ['# text = She left.']);
    const out = withTree(input, { heads: [2, 0, 2], relations: ['nsubj', 'root', 'punct'] });
    expect(out.words.map((w) => [w.head, w.deprel])).toEqual([
      [2, 'nsubj'],
      [0, 'root'],
      [2, 'punct'],
    ]);
    expect(out.comments).toEqual(['# text = She left.']);
    expect(input.words[0]!.head).toBeNull();
  });

  it('refuse what is not a tree over the words', () => {
    const input = sentenceFromForms(['a', 'b']);
    expect(() => treeOf(input)).toThrow(/treeOf: word 1 \("a"\) has no HEAD \(_\)/);
    expect(() => withTree(input, { heads: [0], relations: ['root'] })).toThrow(/the tree has 1 heads and 1 relations; expected 2/);
    expect(() => withTree(input, { heads: [2, 1], relations: ['x', 'y'] })).toThrow(/not a tree: no word has head 0/);
    expect(() => withTree(input, { heads: [0, 1], relations: ['root', ''] })).toThrow(/relation of word 2 is ""/);
  });
});
