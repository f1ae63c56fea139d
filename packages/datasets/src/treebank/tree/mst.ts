/**
 * The highest-scoring dependency tree under arc scores: the maximum spanning arborescence rooted
 * at the artificial root 0 (Chu & Liu, 1965; Edmonds, 1967), restricted to trees with exactly one
 * word attached to the root, as UD requires. For a pointer decoder that scores every head for
 * every word, this turns its scores into a valid tree.
 *
 * Single root: every root arc's score is lowered by M = n * (max - min of the finite scores) + 1.
 * A tree with k root arcs then loses kM, and M exceeds the score difference between any two trees,
 * so the best tree under the shifted scores has one root arc and is the best single-rooted tree
 * under the original scores (Gabow & Tarjan, 1984; see Zmigrod, Vieira & Cotterell, 2020,
 * "Please Mind the Root", for this constraint in dependency parsing).
 *
 * Chu-Liu/Edmonds: every word takes its best head; if that makes a cycle, the cycle is contracted
 * into one node whose incoming arc u -> C scores s(u, v) - s(head(v), v) (entering the cycle at v
 * breaks v's cycle arc), the smaller graph is solved, and the cycle is expanded again. O(n^3).
 */
import { DatasetError } from '../errors';

/** A tree chosen by {@link maximumSpanningTree}: heads of words 1..n and their total score. */
export interface SpanningTree {
  /** Head of word i at `heads[i - 1]`, 0 for the root. */
  heads: number[];
  /** Sum of the chosen arcs' scores (the original scores). */
  score: number;
}

/**
 * The maximum-score single-rooted dependency tree. `scores[d - 1][h]` is the score of word d
 * (1..n) taking head h (0 = root, 1..n = words): one row per word, n + 1 columns, as a pointer
 * decoder outputs them (log-probabilities or any additive scores). `-Infinity` forbids an arc;
 * `scores[d - 1][d]` (a self-loop) is ignored. Ties go to the lower-numbered head. Throws a
 * {@link DatasetError} when the scores are not n rows of n + 1 numbers (NaN or +Infinity
 * included), or when the allowed arcs admit no single-rooted tree.
 *
 * @example
 * // word 1 prefers head 2, word 2 prefers the root
 * maximumSpanningTree([[-5, 0, -1], [-0.1, -3, 0]]); // { heads: [2, 0], score: -1.1 }
 */
export function maximumSpanningTree(scores: ArrayLike<ArrayLike<number>>): SpanningTree {
  const n = scores.length;
  if (n === 0) throw new DatasetError('maximumSpanningTree: no words; expected one row of n + 1 head scores per word');
  const size = n + 1;
  // w[h * size + d]: score of the arc h -> d, in the graph's orientation.
  const w = new Float64Array(size * size).fill(-Infinity);
  let lo = Infinity;
  let hi = -Infinity;
  for (let d = 1; d <= n; d++) {
    const row = scores[d - 1];
    if (!row || row.length !== size) {
      throw new DatasetError(`maximumSpanningTree: row ${d - 1} has ${row ? row.length : 'no'} scores; expected ${size} (head 0 = root, then words 1..${n})`);
    }
    for (let h = 0; h <= n; h++) {
      if (h === d) continue;
      const s = row[h]!;
      if (Number.isNaN(s) || s === Infinity || typeof s !== 'number') {
        throw new DatasetError(`maximumSpanningTree: scores[${d - 1}][${h}] is ${String(s)}; expected a finite number or -Infinity`);
      }
      w[h * size + d] = s;
      if (s !== -Infinity) {
        lo = Math.min(lo, s);
        hi = Math.max(hi, s);
      }
    }
  }
  checkReachable(w, size);
  const penalty = n * (hi - lo) + 1;
  for (let d = 1; d <= n; d++) w[d] = w[d]! - penalty;
  const parent = chuLiuEdmonds(w, size);
  const heads = Array.from(parent.subarray(1));
  const roots = heads.filter((h) => h === 0).length;
  if (roots !== 1) throw new DatasetError(`maximumSpanningTree: the allowed (finite) arcs admit no tree with one root; the best has ${roots} words on the root`);
  let score = 0;
  heads.forEach((h, i) => (score += scores[i]![h]!));
  return { heads, score };
}

/** Every word must be reachable from the root through allowed arcs, or there is no tree at all. */
function checkReachable(w: Float64Array, size: number): void {
  const seen = new Uint8Array(size);
  seen[0] = 1;
  const queue = [0];
  while (queue.length > 0) {
    const h = queue.pop()!;
    for (let d = 1; d < size; d++) {
      if (!seen[d] && w[h * size + d] !== -Infinity) {
        seen[d] = 1;
        queue.push(d);
      }
    }
  }
  const missing = [...seen.keys()].filter((d) => !seen[d]);
  if (missing.length > 0) {
    throw new DatasetError(`maximumSpanningTree: word(s) ${missing.join(', ')} cannot be reached from the root through arcs with a finite score; expected scores that allow some tree`);
  }
}

/**
 * Maximum spanning arborescence of the dense graph `w` (`w[h * size + d]`, -Infinity = no arc)
 * rooted at node 0; returns the parent of every node (`parent[0] = -1`). Every node must be
 * reachable from 0.
 */
function chuLiuEdmonds(w: Float64Array, size: number): Int32Array {
  const parent = new Int32Array(size).fill(-1);
  for (let d = 1; d < size; d++) {
    let best = -1;
    let bestScore = -Infinity;
    for (let h = 0; h < size; h++) {
      if (h === d) continue;
      const s = w[h * size + d]!;
      if (s > bestScore) {
        bestScore = s;
        best = h;
      }
    }
    parent[d] = best;
  }
  const cycle = findCycle(parent);
  if (!cycle) return parent;

  // Contract the cycle into node `c` of a smaller graph; index maps both ways.
  const inCycle = new Uint8Array(size);
  for (const v of cycle) inCycle[v] = 1;
  const toNew = new Int32Array(size);
  const toOld: number[] = [];
  for (let v = 0; v < size; v++) {
    if (!inCycle[v]) {
      toNew[v] = toOld.length;
      toOld.push(v);
    }
  }
  const c = toOld.length;
  const small = c + 1;
  for (const v of cycle) toNew[v] = c;
  const w2 = new Float64Array(small * small).fill(-Infinity);
  const enterAt = new Int32Array(small).fill(-1); // for an arc u -> c: the cycle node it enters
  const leaveFrom = new Int32Array(small).fill(-1); // for an arc c -> v: the cycle node it leaves
  for (let u = 0; u < size; u++) {
    for (let v = 1; v < size; v++) {
      if (u === v) continue;
      const s = w[u * size + v]!;
      if (s === -Infinity) continue;
      const cu = inCycle[u]!;
      const cv = inCycle[v]!;
      if (cu && cv) continue;
      if (cv) {
        const gain = s - w[parent[v]! * size + v]!;
        const i = toNew[u]! * small + c;
        if (gain > w2[i]!) {
          w2[i] = gain;
          enterAt[toNew[u]!] = v;
        }
      } else if (cu) {
        const i = c * small + toNew[v]!;
        if (s > w2[i]!) {
          w2[i] = s;
          leaveFrom[toNew[v]!] = u;
        }
      } else {
        w2[toNew[u]! * small + toNew[v]!] = s;
      }
    }
  }
  const parent2 = chuLiuEdmonds(w2, small);

  const result = new Int32Array(size).fill(-1);
  for (const v of cycle) result[v] = parent[v]!; // the cycle's own arcs, one of them broken below
  for (let v2 = 1; v2 < small; v2++) {
    if (v2 === c) continue;
    const p2 = parent2[v2]!;
    result[toOld[v2]!] = p2 === c ? leaveFrom[v2]! : toOld[p2]!;
  }
  const entering = parent2[c]!;
  result[enterAt[entering]!] = toOld[entering]!;
  return result;
}

/** The nodes of a cycle in the parent graph (node 0 has no parent), or `null` if there is none. */
function findCycle(parent: Int32Array): number[] | null {
  const size = parent.length;
  const state = new Uint8Array(size); // 0 unvisited, 1 on the current path, 2 done
  state[0] = 2;
  for (let start = 1; start < size; start++) {
    const path: number[] = [];
    let v = start;
    while (state[v] === 0) {
      state[v] = 1;
      path.push(v);
      v = parent[v]!;
    }
    if (state[v] === 1) return path.slice(path.indexOf(v));
    for (const p of path) state[p] = 2;
  }
  return null;
}
