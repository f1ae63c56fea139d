/**
 * Random dependency trees for property tests (not exported by the package).
 * @internal
 */
import { mulberry32 } from '../../text/random';
import type { DependencyTree } from './tree';

const RELATIONS = ['nsubj', 'obj', 'det', 'amod', 'nmod:poss', 'punct', 'case', 'advmod', 'compound:prt'];

/** A uniformly chosen integer in [lo, hi]. */
function pick(random: { next(): number }, lo: number, hi: number): number {
  return lo + Math.floor(random.next() * (hi - lo + 1));
}

/**
 * A random single-rooted tree over n words from `seed`: projective when asked (a random root per
 * span, its dependents' spans cut at random), otherwise any tree (words attached in random order
 * to a random word already placed), with random relations and `root` for the root.
 */
export function randomTree(n: number, seed: number, options: { projective?: boolean } = {}): DependencyTree {
  const random = mulberry32(seed);
  const heads = new Array<number>(n).fill(0);
  if (options.projective) {
    const build = (lo: number, hi: number): number => {
      const r = pick(random, lo, hi);
      for (const [a, b] of [
        [lo, r - 1],
        [r + 1, hi],
      ] as const) {
        let start = a;
        while (start <= b) {
          const end = pick(random, start, b);
          heads[build(start, end) - 1] = r;
          start = end + 1;
        }
      }
      return r;
    };
    heads[build(1, n) - 1] = 0;
  } else {
    const order = Array.from({ length: n }, (_, i) => i + 1);
    for (let i = n - 1; i > 0; i--) {
      const j = pick(random, 0, i);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    order.forEach((w, k) => (heads[w - 1] = k === 0 ? 0 : order[pick(random, 0, k - 1)]!));
  }
  const relations = heads.map((h) => (h === 0 ? 'root' : RELATIONS[pick(random, 0, RELATIONS.length - 1)]!));
  return { heads, relations };
}
