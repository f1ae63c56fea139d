import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../text/random';
import { TreeConstraint } from './constraint';
import { delinearizeTree, linearizeTree } from './linearize';
import { randomTree } from './testing';
import { isTree } from './validity';

const RELATIONS = ['root', 'nsubj', 'obj', 'det', 'punct', 'nmod:poss'];

describe('TreeConstraint', () => {
  it('allows exactly the documented tokens on a small case', () => {
    const c = new TreeConstraint({ length: 2, relations: ['root', 'nsubj', 'obj'] });
    expect(c.allowedTokens(c.start())).toEqual(['(root']);
    expect(c.allowedAfter(['(root'])).toEqual(['(nsubj', '(obj', 'XX']);
    expect(c.allowedAfter(['(root', 'XX'])).toEqual(['(nsubj', '(obj']); // the root may not close before word 2
    expect(c.allowedAfter(['(root', '(obj'])).toEqual(['XX']); // no room for a third word
    expect(c.allowedAfter(['(root', '(obj', 'XX'])).toEqual([')']);
    expect(c.allowedAfter(['(root', '(obj', 'XX', ')'])).toEqual(['XX']);
    expect(c.allowedAfter(['(root', '(obj', 'XX', ')', 'XX'])).toEqual([')']);
    expect(c.allowedAfter(['(root', '(obj', 'XX', ')', 'XX', ')'])).toEqual(['<eos>']);
    const ended = c.advance(c.stateAfter(['(root', '(obj', 'XX', ')', 'XX', ')']), '<eos>');
    expect(ended.ended).toBe(true);
    expect(c.allowedTokens(ended)).toEqual([]);
    expect(c.outputLength).toBe(6);
  });

  it('allows every gold linearisation token by token', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer(), (n, seed) => {
        const tree = randomTree(n, seed, { projective: true });
        const c = new TreeConstraint({ length: n, relations: ['root', 'nsubj', 'obj', 'det', 'amod', 'nmod:poss', 'punct', 'case', 'advmod', 'compound:prt'] });
        let state = c.start();
        for (const t of [...linearizeTree(tree), '<eos>']) state = c.advance(state, t); // throws if not allowed
        expect(state.ended).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('random walks always end in a tree over exactly n words, after 3n tokens', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer(), (n, seed) => {
        const random = mulberry32(seed);
        const c = new TreeConstraint({ length: n, relations: RELATIONS, endToken: '</s>' });
        let state = c.start();
        const tokens: string[] = [];
        let stuck = false;
        let inconsistent = false;
        for (;;) {
          const allowed = c.allowedTokens(state);
          if (allowed.length === 0) stuck = true;
          if (!allowed.every((t) => c.isAllowed(state, t))) inconsistent = true;
          if (stuck || inconsistent) break;
          // Half the time pick among the kinds of move, so closes are as likely as opens.
          const kinds = [...new Set(allowed.map((t) => (t.startsWith('(') ? '(' : t)))];
          const kind = kinds[Math.floor(random.next() * kinds.length)]!;
          const choices = random.next() < 0.5 ? allowed : allowed.filter((t) => (kind === '(' ? t.startsWith('(') : t === kind));
          const t = choices[Math.floor(random.next() * choices.length)]!;
          state = c.advance(state, t);
          if (t === '</s>') break;
          tokens.push(t);
        }
        expect(stuck).toBe(false);
        expect(inconsistent).toBe(false);
        expect(tokens).toHaveLength(3 * n);
        const tree = delinearizeTree(tokens, n);
        expect(isTree(tree.heads)).toBe(true);
        expect(tree.relations.filter((r) => r === 'root')).toHaveLength(1);
        expect(tree.relations[tree.heads.indexOf(0)]).toBe('root');
      }),
      { numRuns: 500 },
    );
  });

  it('refuses tokens that are not allowed, saying what is', () => {
    const c = new TreeConstraint({ length: 1, relations: RELATIONS });
    expect(() => c.advance(c.start(), 'XX')).toThrow(/"XX" may not follow 0 token\(s\) here; expected one of \(root/);
    expect(() => c.stateAfter(['(root', '(det'])).toThrow(/expected one of XX/);
    expect(() => c.stateAfter(['(root', 'XX', '(root'])).toThrow(/expected one of \)/);
    expect(c.isAllowed(c.stateAfter(['(root']), '(unknown')).toBe(false);
    expect(() => new TreeConstraint({ length: 0, relations: RELATIONS })).toThrow(/'length' must be an integer >= 1/);
    expect(() => new TreeConstraint({ length: 3, relations: ['nsubj'] })).toThrow(/includes the root relation "root"/);
    expect(() => new TreeConstraint({ length: 3, relations: ['root', 'a b'] })).toThrow(/relations\[1\] is "a b"/);
  });

  it('allowedMask agrees with isAllowed over a vocabulary, at every step of random walks', () => {
    const vocabulary = ['<pad>', '<sos>', '<eos>', '<unk>', '(root', 'XX', ')', '(nsubj', '(obj', '(det', '(punct', '(nmod:poss', '(unseen'];
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer(), (n, seed) => {
        const random = mulberry32(seed);
        const c = new TreeConstraint({ length: n, relations: RELATIONS });
        const out = new Float32Array(vocabulary.length);
        let state = c.start();
        let agrees = true;
        while (!state.ended) {
          const mask = c.allowedMask(state, vocabulary, out);
          if (!vocabulary.every((t, id) => (mask[id] === 1) === c.isAllowed(state, t))) agrees = false;
          const ids = [...mask.keys()].filter((id) => mask[id] === 1);
          state = c.advance(state, vocabulary[ids[Math.floor(random.next() * ids.length)]!]!);
        }
        expect(agrees).toBe(true);
      }),
      { numRuns: 200 },
    );
    const c = new TreeConstraint({ length: 2, relations: RELATIONS });
    expect([...c.allowedMask(c.stateAfter(['(root']), vocabulary)]).toEqual([0, 0, 0, 0, 0, 1, 0, 1, 1, 1, 1, 1, 0]);
    expect(() => c.allowedMask(c.start(), vocabulary, new Float32Array(3))).toThrow(/'out' has length 3; expected 13/);
  });

  it('states are immutable, so a beam can fork them', () => {
    const c = new TreeConstraint({ length: 3, relations: RELATIONS });
    const s = c.stateAfter(['(root', 'XX']);
    const a = c.advance(s, '(obj');
    const b = c.advance(s, '(punct');
    expect(c.allowedTokens(s)).toEqual(c.allowedAfter(['(root', 'XX']));
    expect(a.depth).toBe(2);
    expect(b.depth).toBe(2);
    expect(s.depth).toBe(1);
  });
});
