import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DatasetError } from '../../errors';
import { delinearizeTree, linearizeTree, relationOfToken } from './linearize';
import { projectivize } from './projectivity';
import { randomTree } from './testing';

describe('linearizeTree', () => {
  it('writes a hand-made tree in the documented form', () => {
    // She(1) saw(2) him(3) .(4)
    const tree = { heads: [2, 0, 2, 2], relations: ['nsubj', 'root', 'obj', 'punct'] };
    expect(linearizeTree(tree).join(' ')).toBe('(root (nsubj XX ) XX (obj XX ) (punct XX ) )');
    // The(1) old(2) man(3) 's(4) dog(5) barked(6): nmod:poss keeps its subtype.
    const poss = { heads: [3, 3, 5, 3, 6, 0], relations: ['det', 'amod', 'nmod:poss', 'case', 'nsubj', 'root'] };
    expect(linearizeTree(poss).join(' ')).toBe('(root (nsubj (nmod:poss (det XX ) (amod XX ) XX (case XX ) ) XX ) XX )');
    expect(delinearizeTree(linearizeTree(poss))).toEqual(poss);
  });

  it('round-trips random projective trees, in 3n tokens', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer(), (n, seed) => {
        const tree = randomTree(n, seed, { projective: true });
        const tokens = linearizeTree(tree);
        expect(tokens).toHaveLength(3 * n);
        expect(delinearizeTree(tokens, n)).toEqual(tree);
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips any tree once projectivized', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 25 }), fc.integer(), (n, seed) => {
        const { tree } = projectivize(randomTree(n, seed));
        expect(delinearizeTree(linearizeTree(tree), n)).toEqual(tree);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses non-projective and invalid trees', () => {
    const crossing = { heads: [2, 4, 4, 0, 7, 7, 2, 4], relations: ['det', 'nsubj', 'aux', 'root', 'case', 'det', 'nmod', 'obl'] };
    expect(() => linearizeTree(crossing)).toThrow(/not projective.*projectivize/);
    expect(() => linearizeTree({ heads: [0, 0], relations: ['root', 'root'] })).toThrow(/not a tree: words 1, 2 all have head 0/);
    expect(() => linearizeTree({ heads: [0], relations: [] })).toThrow(/1 heads but 0 relations/);
    expect(() => linearizeTree({ heads: [0, 1], relations: ['root', 'bad rel'] })).toThrow(/relation of word 2 is "bad rel"/);
  });
});

describe('delinearizeTree', () => {
  it('says which token is wrong', () => {
    const bad: Array<[string, RegExp]> = [
      ['', /an empty sequence/],
      ['XX', /token 1 of 1 \("XX"\): a word outside any bracket/],
      ['(root XX XX )', /token 3 of 4 \("XX"\): a second XX/],
      ['(root (det ) XX )', /token 3 of 5 \("\)"\): a bracket closed without its XX/],
      ['(root XX ) )', /token 4 of 4 \("\)"\): the root bracket is already closed/],
      ['(root XX ) (punct XX )', /token 4 of 6 .*already closed/],
      ['(root XX (obj XX )', /1 bracket\(s\) still open/],
      ['(root XX foo )', /token 3 of 4 \("foo"\): not a token of the linearisation/],
    ];
    for (const [text, message] of bad) {
      const tokens = text === '' ? [] : text.split(' ');
      expect(() => delinearizeTree(tokens), text).toThrow(DatasetError);
      expect(() => delinearizeTree(tokens), text).toThrow(message);
    }
    expect(() => delinearizeTree('(root XX (obj XX ) )'.split(' '), 3)).toThrow(/has 2 words; expected 3/);
  });

  it('relationOfToken reads opening tokens only', () => {
    expect(relationOfToken('(nmod:poss')).toBe('nmod:poss');
    expect(relationOfToken('(')).toBeUndefined();
    expect(relationOfToken('XX')).toBeUndefined();
    expect(relationOfToken(')')).toBeUndefined();
  });
});
