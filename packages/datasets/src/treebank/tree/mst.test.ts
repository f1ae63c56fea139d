import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DatasetError } from '../../errors';
import { mulberry32 } from '../../text/random';
import { maximumSpanningTree } from './mst';
import { isTree } from './validity';

/** The best single-rooted tree by trying every head array ((n + 1)^n of them). */
function bruteForce(scores: number[][]): number {
  const n = scores.length;
  const heads = new Array<number>(n).fill(0);
  let best = -Infinity;
  const visit = (i: number) => {
    if (i === n) {
      if (isTree(heads)) best = Math.max(best, heads.reduce((sum, h, d) => sum + scores[d]![h]!, 0));
      return;
    }
    for (let h = 0; h <= n; h++) {
      if (h === i + 1) continue;
      heads[i] = h;
      visit(i + 1);
    }
  };
  visit(0);
  return best;
}

function randomScores(n: number, seed: number, options: { integers?: boolean; forbid?: number } = {}): number[][] {
  const random = mulberry32(seed);
  return Array.from({ length: n }, () =>
    Array.from({ length: n + 1 }, () => {
      if (options.forbid && random.next() < options.forbid) return -Infinity;
      // Small integers make ties common, which exercises tie-breaking inside contractions.
      return options.integers ? Math.floor(random.next() * 4) : Math.log(random.next() + 1e-9);
    }),
  );
}

describe('maximumSpanningTree', () => {
  it('picks the best single-rooted tree in a hand-made case', () => {
    // Every word prefers the root: the unconstrained best has 3 roots; one root is required.
    const scores = [
      [10, -Infinity, 1, 0],
      [10, 2, -Infinity, 0],
      [10, 0, 5, -Infinity],
    ];
    const { heads, score } = maximumSpanningTree(scores);
    expect(heads).toEqual([0, 1, 2]);
    expect(score).toBe(10 + 2 + 5);
    expect(maximumSpanningTree([[-5, 0, -1], [-0.1, -3, 0]])).toEqual({ heads: [2, 0], score: -1.1 });
    expect(maximumSpanningTree([[0, 123]])).toEqual({ heads: [0], score: 0 }); // the self-loop score is ignored
  });

  it('breaks a cycle by the cheapest entry', () => {
    // Words 1 and 2 prefer each other (a cycle); entering it from the root at 1 loses less than at 2.
    const scores = [
      [3, -Infinity, 9],
      [1, 9, -Infinity],
    ];
    expect(maximumSpanningTree(scores)).toEqual({ heads: [0, 1], score: 12 });
  });

  it('gives a valid tree scoring as much as brute force (n <= 5)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer(), fc.boolean(), (n, seed, integers) => {
        const scores = randomScores(n, seed, { integers });
        const { heads, score } = maximumSpanningTree(scores);
        expect(isTree(heads)).toBe(true);
        expect(score).toBeCloseTo(heads.reduce((sum, h, d) => sum + scores[d]![h]!, 0), 9);
        expect(score).toBeCloseTo(bruteForce(scores), 9);
      }),
      { numRuns: 300 },
    );
  });

  it('respects forbidden arcs (-Infinity)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 5 }), fc.integer(), (n, seed) => {
        const scores = randomScores(n, seed, { forbid: 0.4 });
        const best = bruteForce(scores);
        if (best === -Infinity) {
          expect(() => maximumSpanningTree(scores)).toThrow(DatasetError);
          return;
        }
        const { heads, score } = maximumSpanningTree(scores);
        expect(isTree(heads)).toBe(true);
        expect(score).toBeCloseTo(best, 9);
      }),
      { numRuns: 300 },
    );
  });

  it('on a 120-word sentence, no single head change gives a better tree', () => {
    const n = 120;
    const scores = randomScores(n, 7);
    const { heads, score } = maximumSpanningTree(scores);
    expect(isTree(heads)).toBe(true);
    // No single change of one head to another valid tree scores higher (a necessary condition).
    for (let d = 1; d <= n; d++) {
      for (let h = 0; h <= n; h++) {
        const other = [...heads];
        other[d - 1] = h;
        if (h !== d && isTree(other)) expect(score - scores[d - 1]![heads[d - 1]!]! + scores[d - 1]![h]!).toBeLessThanOrEqual(score + 1e-9);
      }
    }
  });

  it('rejects bad scores with what was expected', () => {
    expect(() => maximumSpanningTree([])).toThrow(/no words/);
    expect(() => maximumSpanningTree([[0, 1, 2]])).toThrow(/row 0 has 3 scores; expected 2/);
    expect(() => maximumSpanningTree([[Number.NaN, 0]])).toThrow(/scores\[0\]\[0\] is NaN/);
    expect(() => maximumSpanningTree([[Infinity, 0]])).toThrow(/is Infinity; expected a finite number or -Infinity/);
    expect(() => maximumSpanningTree([[-Infinity, 0]])).toThrow(/word\(s\) 1 cannot be reached from the root/);
    // Both words can only hang from the root: no single-rooted tree exists.
    expect(() => maximumSpanningTree([[0, 0, -Infinity], [0, -Infinity, 0]])).toThrow(/no tree with one root/);
  });
});
