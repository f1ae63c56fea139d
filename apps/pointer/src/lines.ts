/**
 * The JSON-lines protocol of `solve`: one `{"points": [[x, y], ...]}` per input line, one JSON
 * line per input line out, in input order, so output line N answers input line N; a bad line
 * (a blank one too) gets `{"error": "...", "line": N}` and the others still run.
 *
 * Points outside the unit square (where the models were trained) are moved into it first, by one
 * translation and one uniform scale: an answer is an ordering of point indices, and orderings
 * (hull, triangulation, shortest tour) do not change under either. Every answer is checked before
 * it is printed (a tour is a permutation from 0, a hull distinct points, triangles three distinct
 * points each), so a line is either a valid answer or an error.
 */
import type { Point } from '@seq2seq/datasets';
import type { PointerTask } from '@seq2seq/seq2seq';

/** A parsed input line: its points, or why it cannot be solved. */
export type ParsedLine = { line: number; points: Point[] } | { line: number; error: string };

/** Parses input line `line` (1-based). */
export function parseLine(text: string, line: number): ParsedLine {
  if (text.trim() === '') return { line, error: 'empty line: expected {"points": [[x, y], ...]}' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { line, error: `not JSON: ${(error as Error).message}` };
  }
  const points = (value as { points?: unknown } | null)?.points;
  if (value === null || typeof value !== 'object' || !Array.isArray(points)) return { line, error: 'expected an object {"points": [[x, y], ...]}' };
  if (points.length < 3) return { line, error: `expected at least 3 points, got ${points.length}` };
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as unknown;
    if (!Array.isArray(p) || p.length !== 2) return { line, error: `points[${i}] must be a pair [x, y]` };
    if (!p.every((x) => typeof x === 'number' && Number.isFinite(x))) return { line, error: `points[${i}] must hold two finite numbers, got [${p.map((x) => (typeof x === 'number' ? String(x) : JSON.stringify(x))).join(', ')}]` };
  }
  return { line, points: points as Point[] };
}

/**
 * Moves a point set into the unit square by one translation and one uniform scale (the same for
 * x and y, so angles, orders and which tour is shortest stay the same); `moved` is false, and the
 * points are returned as they are, when they already lie in it. Huge coordinates (1e300) are
 * scaled before they are subtracted, so nothing overflows.
 */
export function normaliseToUnitSquare(points: readonly Point[]): { points: Point[]; moved: boolean } {
  if (points.every(([x, y]) => x >= 0 && x <= 1 && y >= 0 && y <= 1)) return { points: points.map(([x, y]) => [x, y] as Point), moved: false };
  const scale = Math.max(...points.map(([x, y]) => Math.max(Math.abs(x), Math.abs(y))));
  const scaled = points.map(([x, y]) => [x / scale, y / scale] as Point); // every coordinate in [-1, 1]
  const minX = Math.min(...scaled.map((p) => p[0]));
  const minY = Math.min(...scaled.map((p) => p[1]));
  const extent = Math.max(...scaled.map(([x, y]) => Math.max(x - minX, y - minY)));
  const fit = extent > 0 ? 1 / extent : 0; // all points equal: every one goes to the origin
  return { points: scaled.map(([x, y]) => [(x - minX) * fit, (y - minY) * fit] as Point), moved: true };
}

/** Why `output` is not a valid answer of `task` for `n` points, or null when it is. */
export function invalidAnswer(task: PointerTask, output: readonly number[], n: number): string | null {
  if (!output.every((i) => Number.isInteger(i) && i >= 0 && i < n)) return `an index outside 0..${n - 1}`;
  const distinct = new Set(output).size === output.length;
  if (task === 'tsp') return output.length === n && distinct && output[0] === 0 ? null : 'not a tour (a permutation of every point, from 0)';
  if (task === 'convex-hull') return output.length >= 3 && distinct ? null : 'not a hull (3 or more distinct points)';
  if (output.length === 0 || output.length % 3 !== 0) return 'not a list of whole triangles';
  for (let s = 0; s < output.length; s += 3) {
    if (new Set(output.slice(s, s + 3)).size !== 3) return `triangle ${s / 3} repeats a point`;
  }
  return null;
}

/** The output record of one solved input. */
export function formatSolution(task: PointerTask, output: readonly number[]): Record<string, unknown> {
  if (task === 'tsp') return { tour: output };
  if (task === 'convex-hull') return { hull: output };
  const triangles: number[][] = [];
  for (let s = 0; s + 3 <= output.length; s += 3) triangles.push(output.slice(s, s + 3));
  return { triangles };
}

/**
 * Solves a block of input lines and returns their output lines (JSON), in order. `solver` gets
 * the valid inputs' point sets and returns one output each; if it throws on the block, each
 * input is retried alone so that one bad input only costs its own line.
 */
export function solveLines(
  task: PointerTask,
  lines: ReadonlyArray<{ text: string; line: number }>,
  solver: (sets: Point[][]) => number[][],
  note: (message: string) => void = () => {},
): string[] {
  const parsed = lines.map(({ text, line }) => parseLine(text, line));
  const valid = parsed
    .filter((p): p is { line: number; points: Point[] } => 'points' in p)
    .map((p) => {
      const { points, moved } = normaliseToUnitSquare(p.points);
      if (moved) note(`line ${p.line}: points outside the unit square, moved into it (one translation, one uniform scale; the answer's indices do not change)`);
      return { line: p.line, points };
    });
  const outputs = new Map<number, Record<string, unknown>>();
  const run = (group: typeof valid) =>
    solver(group.map((p) => p.points)).forEach((o, i) => {
      const { line, points } = group[i]!;
      const why = invalidAnswer(task, o, points.length);
      outputs.set(line, why === null ? formatSolution(task, o) : { error: `no valid answer: the model's output is ${why}`, line });
    });
  try {
    if (valid.length) run(valid);
  } catch {
    for (const p of valid) {
      try {
        run([p]);
      } catch (error) {
        outputs.set(p.line, { error: (error as Error).message, line: p.line });
      }
    }
  }
  return parsed.map((p) => JSON.stringify('error' in p ? { error: p.error, line: p.line } : outputs.get(p.line)));
}
