/**
 * Projectivity. An arc h -> d is projective when h dominates (is an ancestor of) every word
 * strictly between h and d; a tree is projective when all its arcs are, which is the same as no
 * two arcs crossing when drawn above the sentence with the root at position 0. Projective trees
 * are exactly those whose in-order traversal visits the words in sentence order, which the
 * bracketed linearisation relies on (see `linearize.ts`).
 *
 * {@link projectivize} lifts non-projective arcs to the head's head until none is left
 * (Nivre & Nilsson, 2005, "Pseudo-Projective Dependency Parsing", the LIFT operation, without
 * their label encoding of the lifted path).
 */
import { checkTree } from './validity';
import type { DependencyTree } from './tree';

/**
 * For each word, its entry and exit times in a depth-first walk from the root: u dominates v
 * exactly when `enter[u] <= enter[v] && exit[v] <= exit[u]`. Index 0 is the root.
 */
function dfsTimes(heads: ArrayLike<number>): { enter: Int32Array; exit: Int32Array } {
  const n = heads.length;
  const children: number[][] = Array.from({ length: n + 1 }, () => []);
  for (let d = 1; d <= n; d++) children[heads[d - 1]!]!.push(d);
  const enter = new Int32Array(n + 1);
  const exit = new Int32Array(n + 1);
  let time = 0;
  const stack: Array<[node: number, next: number]> = [[0, 0]];
  enter[0] = time++;
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const kids = children[top[0]]!;
    if (top[1] < kids.length) {
      const child = kids[top[1]++]!;
      enter[child] = time++;
      stack.push([child, 0]);
    } else {
      exit[top[0]] = time++;
      stack.pop();
    }
  }
  return { enter, exit };
}

/**
 * The dependents (1-based word IDs) whose arc from their head is not projective, in order.
 * `heads` must be a tree (a {@link DatasetError} otherwise).
 */
export function nonProjectiveArcs(heads: ArrayLike<number>): number[] {
  checkTree(heads, 'nonProjectiveArcs');
  const { enter, exit } = dfsTimes(heads);
  const found: number[] = [];
  for (let d = 1; d <= heads.length; d++) {
    const h = heads[d - 1]!;
    const lo = Math.min(h, d);
    const hi = Math.max(h, d);
    for (let k = lo + 1; k < hi; k++) {
      if (!(enter[h]! <= enter[k]! && exit[k]! <= exit[h]!)) {
        found.push(d);
        break;
      }
    }
  }
  return found;
}

/** Whether every arc of the tree `heads` is projective. */
export function isProjective(heads: ArrayLike<number>): boolean {
  return nonProjectiveArcs(heads).length === 0;
}

/** A projective tree made from a possibly non-projective one, and how many lifts it took. */
export interface ProjectivizedTree {
  /** The projective tree; relations are those of the original words. */
  tree: DependencyTree;
  /** Number of LIFT steps (each moves one word's head to its head's head). */
  lifts: number;
  /** Words whose head changed. */
  changed: number[];
}

/**
 * Makes a tree projective by lifting: while some arc is non-projective, the shortest one (the
 * leftmost of equals) gets its head's head as head. Every word keeps its relation. A projective
 * tree comes back unchanged. This is how the bracketed linearisation can be trained on a
 * treebank with non-projective sentences; the arcs it changes are lost to that decoder.
 */
export function projectivize(tree: DependencyTree): ProjectivizedTree {
  const heads = [...tree.heads];
  const changed = new Set<number>();
  let lifts = 0;
  for (;;) {
    const bad = nonProjectiveArcs(heads);
    if (bad.length === 0) break;
    let pick = bad[0]!;
    for (const d of bad) if (Math.abs(heads[d - 1]! - d) < Math.abs(heads[pick - 1]! - pick)) pick = d;
    heads[pick - 1] = heads[heads[pick - 1]! - 1]!;
    changed.add(pick);
    lifts++;
  }
  return { tree: { heads, relations: [...tree.relations] }, lifts, changed: [...changed].sort((a, b) => a - b) };
}
