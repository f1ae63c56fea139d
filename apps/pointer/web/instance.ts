/**
 * The instance on the board: points in the unit square, from `?points=` (exactly), from a seeded
 * random draw (`?n=` and `?seed=`, so a URL reproduces it), or from clicks; and why an instance
 * cannot be solved (fewer than 3 points, all on one line...), in words for the page.
 */
import { convexHull, samplePoints, type Point } from '@seq2seq/datasets';

/** Most points the page takes: the models were trained on 10 to 50. */
export const MAX_POINTS = 100;

/** A parsed `?points=` value, or what is wrong with it. */
export type ParsedPoints = { points: Point[] } | { problem: string };

/**
 * Parses `?points=`: a JSON array of `[x, y]` pairs in the unit square, e.g.
 * `[[0.1,0.1],[0.9,0.1],[0.5,0.8]]`. Fewer than 3 points parse (the page then says why it
 * cannot solve them, see {@link instanceProblem}); anything malformed is a problem.
 */
export function parsePoints(text: string): ParsedPoints {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { problem: `?points= is not JSON: ${(error as Error).message}` };
  }
  if (!Array.isArray(value)) return { problem: '?points= must be a JSON array of [x, y] pairs, e.g. [[0.1,0.2],[0.8,0.3],[0.5,0.9]]' };
  if (value.length > MAX_POINTS) return { problem: `?points= has ${value.length} points; the page takes at most ${MAX_POINTS}` };
  for (let i = 0; i < value.length; i++) {
    const p = value[i] as unknown;
    if (!Array.isArray(p) || p.length !== 2 || !p.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      return { problem: `?points=: point ${i} must be a pair [x, y] of finite numbers, got ${JSON.stringify(p)}` };
    }
    if (!p.every((x: number) => x >= 0 && x <= 1)) {
      return { problem: `?points=: point ${i} is [${p.join(', ')}], outside the unit square [0, 1] x [0, 1] the models were trained on` };
    }
  }
  return { points: value as Point[] };
}

/** `n` points uniform in the unit square from `seed` (the datasets' generator, as training uses). */
export function randomPoints(n: number, seed: number): Point[] {
  return samplePoints(n, seed);
}

/**
 * Why `points` cannot be solved, or null when they can: the tasks need at least 3 points, not
 * all on one line (a hull or a triangulation needs an area).
 */
export function instanceProblem(points: readonly Point[]): string | null {
  if (points.length < 3) {
    return `The model needs at least 3 points; this instance has ${points.length}. Click in the square to add points, or press Random.`;
  }
  if (convexHull(points).length < 3) return 'All points lie on one line (or coincide): there is no hull, triangle or proper tour to find. Add a point off the line.';
  return null;
}

/** A point clicked on the board, rounded to 4 decimals so the JSON and the URL stay short. */
export function roundPoint(x: number, y: number): Point {
  const round = (v: number) => Math.min(1, Math.max(0, Math.round(v * 1e4) / 1e4));
  return [round(x), round(y)];
}
