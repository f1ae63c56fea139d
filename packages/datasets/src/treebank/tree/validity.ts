/**
 * Is a head array a dependency tree? Exactly one word attached to the root (0), every head a word
 * of the sentence or 0, no word its own head, no cycles: then every word reaches the root.
 * This is what every parser output must satisfy (UD's basic trees have exactly one root).
 */
import { DatasetError } from '../errors';

/**
 * What makes `heads` (word i's head at index i - 1, 0 = root) not a single-rooted tree over its
 * words, in words; `undefined` when it is one.
 *
 * @example
 * treeProblem([2, 0, 2]); // undefined
 * treeProblem([2, 1, 0]); // 'words 1 -> 2 -> 1 form a cycle'
 */
export function treeProblem(heads: ArrayLike<number>): string | undefined {
  const n = heads.length;
  if (n === 0) return 'there are no words; expected at least one';
  const roots: number[] = [];
  for (let i = 1; i <= n; i++) {
    const h = heads[i - 1]!;
    if (!Number.isInteger(h) || h < 0 || h > n) return `head of word ${i} is ${h}; expected 0 (root) to ${n}`;
    if (h === i) return `word ${i} is its own head`;
    if (h === 0) roots.push(i);
  }
  if (roots.length === 0) return 'no word has head 0; expected exactly one root';
  if (roots.length > 1) return `words ${roots.join(', ')} all have head 0; expected exactly one root`;
  // 0 = unvisited, 1 = on the current path, 2 = known to reach the root.
  const state = new Uint8Array(n + 1);
  state[0] = 2;
  for (let start = 1; start <= n; start++) {
    const path: number[] = [];
    let v = start;
    while (state[v] === 0) {
      state[v] = 1;
      path.push(v);
      v = heads[v - 1]!;
    }
    if (state[v] === 1) {
      const cycle = path.slice(path.indexOf(v));
      return `words ${[...cycle, v].join(' -> ')} form a cycle`;
    }
    for (const p of path) state[p] = 2;
  }
  return undefined;
}

/** Whether `heads` is a single-rooted tree over its words (see {@link treeProblem}). */
export function isTree(heads: ArrayLike<number>): boolean {
  return treeProblem(heads) === undefined;
}

/** Throws a {@link DatasetError} starting with `fnName` unless `heads` is a tree. */
export function checkTree(heads: ArrayLike<number>, fnName = 'checkTree'): void {
  const problem = treeProblem(heads);
  if (problem) throw new DatasetError(`${fnName}: the heads are not a tree: ${problem}`);
}
