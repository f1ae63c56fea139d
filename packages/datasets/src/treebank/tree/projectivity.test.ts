import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isProjective, nonProjectiveArcs, projectivize } from './projectivity';
import { randomTree } from './testing';
import { isTree } from './validity';

/** Projectivity by definition: every word strictly inside an arc descends from its head. */
function projectiveByDefinition(heads: number[]): boolean {
  const dominates = (h: number, k: number): boolean => {
    for (let v = k; v !== 0; v = heads[v - 1]!) if (v === h) return true;
    return h === 0;
  };
  return heads.every((h, i) => {
    const d = i + 1;
    for (let k = Math.min(h, d) + 1; k < Math.max(h, d); k++) if (!dominates(h, k)) return false;
    return true;
  });
}

describe('projectivity', () => {
  it('finds the crossing arc of a hand-made tree', () => {
    // "A hearing is scheduled on the issue today": 1 A, 2 hearing, 3 is, 4 scheduled, 5 on, 6 the, 7 issue, 8 today.
    // "on the issue" attaches to "hearing" across "is scheduled": arc 2 -> 7 is non-projective.
    const heads = [2, 4, 4, 0, 7, 7, 2, 4];
    expect(nonProjectiveArcs(heads)).toEqual([7]);
    expect(isProjective(heads)).toBe(false);
    expect(isProjective([2, 0, 2, 3])).toBe(true);
    expect(isProjective([0])).toBe(true);
  });

  it('agrees with the definition on random trees', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer(), (n, seed) => {
        const { heads } = randomTree(n, seed);
        expect(isProjective(heads)).toBe(projectiveByDefinition(heads));
      }),
      { numRuns: 300 },
    );
  });

  it('projectivize lifts until projective, keeping a tree and the relations', () => {
    const lifted = projectivize({ heads: [2, 4, 4, 0, 7, 7, 2, 4], relations: ['det', 'nsubj', 'aux', 'root', 'case', 'det', 'nmod', 'obl'] });
    expect(lifted.tree.heads).toEqual([2, 4, 4, 0, 7, 7, 4, 4]); // "on the issue" lifted to "scheduled"
    expect(lifted.lifts).toBe(1);
    expect(lifted.changed).toEqual([7]);
    expect(lifted.tree.relations[6]).toBe('nmod');
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 15 }), fc.integer(), (n, seed) => {
        const tree = randomTree(n, seed);
        const { tree: p, lifts } = projectivize(tree);
        expect(isTree(p.heads)).toBe(true);
        expect(isProjective(p.heads)).toBe(true);
        if (isProjective(tree.heads)) expect(lifts).toBe(0);
        expect(p.relations).toEqual(tree.relations);
      }),
      { numRuns: 300 },
    );
  });
});
