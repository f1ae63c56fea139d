/**
 * The JSON-lines protocol of `solve`: one `{"points": [[x, y], ...]}` per input line, one JSON
 * line per input out, in input order; a bad line gets `{"error": "...", "line": N}` and the
 * others still run.
 */
import type { Point } from '@seq2seq/datasets';
import type { PointerTask } from '@seq2seq/seq2seq';

/** A parsed input line: its points, or why it cannot be solved. */
export type ParsedLine = { line: number; points: Point[] } | { line: number; error: string };

/** Parses input line `line` (1-based). Blank lines are not inputs: returns null. */
export function parseLine(text: string, line: number): ParsedLine | null {
  if (text.trim() === '') return null;
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
): string[] {
  const parsed = lines.map(({ text, line }) => parseLine(text, line)).filter((p): p is ParsedLine => p !== null);
  const valid = parsed.filter((p): p is { line: number; points: Point[] } => 'points' in p);
  const outputs = new Map<number, Record<string, unknown>>();
  const run = (group: typeof valid) => solver(group.map((p) => p.points)).forEach((o, i) => outputs.set(group[i]!.line, formatSolution(task, o)));
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
