/**
 * Exact TSP by dynamic programming over subsets: M. Held and R. M. Karp, "A dynamic programming
 * approach to sequencing problems" (1962); the labeller of Vinyals et al. (2015) for n <= 20.
 *
 *   C(S, j) = min_{k in S \ {j}} C(S \ {j}, k) + d(k, j),   C({j}, j) = d(0, j)
 *   optimum = min_j C({1..n-1}, j) + d(j, 0)
 *
 * Time O(2^n n^2), memory O(2^n n): the table holds one float64 per (subset of 1..n-1, last node),
 * 2^(n-1) (n-1) entries, about 80 MB at n = 20. No parent table is kept: the tour is recovered by
 * replaying the minimisation from the full set backwards.
 */
import { DatasetError } from '../../errors';
import type { Point } from '../point';
import { assertPoints } from '../validate';
import { distanceMatrix } from './distance-matrix';
import { type TspSolution, canonicalTour, tourLength } from './tour';

/** Options of {@link heldKarp}. */
export interface HeldKarpOptions {
  /**
   * Largest DP table to allocate, in bytes; larger instances throw before allocating.
   * Default 256 MiB, enough for n <= 21 (n = 20 needs ~76 MiB, n = 21 ~160 MiB).
   */
  readonly maxTableBytes?: number;
}

/** Default of {@link HeldKarpOptions.maxTableBytes}: 256 MiB. */
export const HELD_KARP_DEFAULT_MAX_TABLE_BYTES = 256 * 2 ** 20;

/** Bytes of the Held-Karp table for `n` points: `2^(n-1) * (n-1) * 8`. */
export function heldKarpTableBytes(n: number): number {
  return n < 2 ? 0 : 2 ** (n - 1) * (n - 1) * Float64Array.BYTES_PER_ELEMENT;
}

/**
 * An optimal tour by Held-Karp dynamic programming.
 *
 * Among tours of equal computed length the one found first is kept, so the result is
 * deterministic. Practical up to n = 20 (~0.5 s, 76 MiB); {@link branchAndBoundTsp} is much
 * faster beyond ~12 points.
 *
 * @param points - 3 to 31 points with finite coordinates.
 * @throws RangeError for fewer than 3 or more than 31 points, or a table over `maxTableBytes`.
 */
export function heldKarp(points: readonly Point[], options: HeldKarpOptions = {}): TspSolution {
  const op = 'heldKarp';
  assertPoints(points, op);
  const n = points.length;
  if (n > 31) throw new DatasetError(`${op}: expected at most 31 points (subsets are 32-bit masks), got ${n}`);
  const maxBytes = options.maxTableBytes ?? HELD_KARP_DEFAULT_MAX_TABLE_BYTES;
  const bytes = heldKarpTableBytes(n);
  if (bytes > maxBytes) {
    throw new DatasetError(
      `${op}: ${n} points need a ${(bytes / 2 ** 20).toFixed(0)} MiB table, over 'options.maxTableBytes' ` +
        `(${(maxBytes / 2 ** 20).toFixed(0)} MiB); raise it or use branchAndBoundTsp`,
    );
  }
  const d = distanceMatrix(points);
  const m = n - 1; // node 1 + b is bit b
  // dm[k * m + j] = d(k + 1, j + 1), d0[j] = d(0, j + 1)
  const dm = new Float64Array(m * m);
  const d0 = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    d0[k] = d[k + 1] as number;
    for (let j = 0; j < m; j++) dm[k * m + j] = d[(k + 1) * n + (j + 1)] as number;
  }
  // columns[j][k] = d(j + 1, k + 1) = d(k + 1, j + 1): distances into j, contiguous for the inner loop
  const columns = Array.from({ length: m }, (_, j) => dm.subarray(j * m, (j + 1) * m));
  const full = (1 << m) - 1;
  const table = new Float64Array((full + 1) * m); // table[S * m + j] = C(S, j); unused entries stay 0

  for (let mask = 1; mask <= full; mask++) {
    const row = mask * m;
    let bits = mask;
    while (bits !== 0) {
      const low = bits & -bits;
      bits ^= low;
      const j = 31 - Math.clz32(low);
      const prev = mask ^ low;
      if (prev === 0) {
        table[row + j] = d0[j] as number;
        continue;
      }
      const prevRow = prev * m;
      const dj = columns[j] as Float64Array;
      let best = Infinity;
      let rest = prev;
      while (rest !== 0) {
        const lowK = rest & -rest;
        rest ^= lowK;
        const k = 31 - Math.clz32(lowK);
        const value = (table[prevRow + k] as number) + (dj[k] as number);
        if (value < best) best = value;
      }
      table[row + j] = best;
    }
  }

  // Backtrack: the last node, then repeatedly the predecessor that attains the stored minimum.
  let last = 0;
  let bestTotal = Infinity;
  for (let j = 0; j < m; j++) {
    const total = (table[full * m + j] as number) + (d0[j] as number);
    if (total < bestTotal) {
      bestTotal = total;
      last = j;
    }
  }
  const reversed: number[] = [];
  let mask = full;
  let j = last;
  for (;;) {
    reversed.push(j + 1);
    const prev = mask ^ (1 << j);
    if (prev === 0) break;
    const target = table[mask * m + j] as number;
    let next = -1;
    let best = Infinity;
    for (let rest = prev; rest !== 0; ) {
      const lowK = rest & -rest;
      rest ^= lowK;
      const k = 31 - Math.clz32(lowK);
      const value = (table[prev * m + k] as number) + (dm[k * m + j] as number);
      if (value < best) {
        best = value;
        next = k;
      }
    }
    if (best !== target) throw new Error(`${op}: internal error, backtracking lost the optimum`);
    mask = prev;
    j = next;
  }
  const tour = canonicalTour([0, ...reversed.reverse()]);
  return { tour, length: tourLength(points, tour) };
}
