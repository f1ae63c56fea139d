/**
 * Triangulations as pointer-network target sequences: triples flattened in order,
 * `[i1, j1, k1, i2, j2, k2, ...]`, and back.
 */
import type { Triangle } from './delaunay';

/**
 * Flattens triangles into one index sequence, `[i1, j1, k1, i2, j2, k2, ...]`, keeping the order
 * of the triangles and of the indices inside each (use {@link delaunayTriangles} for the paper's
 * order). Begin/end tokens are the model's business and are not added here.
 */
export function encodeTriangles(triangles: readonly Triangle[]): number[] {
  const sequence: number[] = [];
  for (const t of triangles) sequence.push(t[0], t[1], t[2]);
  return sequence;
}

/**
 * Splits an index sequence into consecutive groups of three. A trailing group of one or two
 * indices is kept as it is (a model may stop mid-triangle), so the evaluation can count the
 * output as malformed instead of silently dropping it.
 */
export function decodeTriangles(sequence: readonly number[]): number[][] {
  const groups: number[][] = [];
  for (let s = 0; s < sequence.length; s += 3) groups.push(sequence.slice(s, s + 3));
  return groups;
}
