/**
 * `seq2seq-pointer solve --draw`: each answer as a picture in the terminal, drawn by
 * `pointSetToTerminal` of `@seq2seq/viz` (the points, the tour, hull or triangles over them).
 */
import type { PointerTask } from '@seq2seq/seq2seq';
import { pointSetToTerminal, type PointAnswer } from '@seq2seq/viz';

/** The answer of one output line in the picture's form, or null for an error line. */
export function pointAnswerOf(task: PointerTask, output: Record<string, unknown>): PointAnswer | null {
  if (task === 'tsp' && Array.isArray(output.tour)) return { kind: 'tour', indices: output.tour as number[] };
  if (task === 'convex-hull' && Array.isArray(output.hull)) return { kind: 'hull', indices: output.hull as number[] };
  if (task === 'delaunay' && Array.isArray(output.triangles)) return { kind: 'triangles', indices: output.triangles as [number, number, number][] };
  return null;
}

/**
 * The picture of an input line (`{"points": ...}`) and its output line (`{"tour": ...}`, ...), or
 * null when either is not an answer (an error line). `columns`: the terminal's width; the picture
 * takes at most 61 characters of it.
 */
export function answerPicture(task: PointerTask, input: string, output: string, columns?: number): string | null {
  let points: unknown;
  let parsed: Record<string, unknown>;
  try {
    points = (JSON.parse(input) as { points?: unknown }).points;
    parsed = JSON.parse(output) as Record<string, unknown>;
  } catch {
    return null;
  }
  const answer = pointAnswerOf(task, parsed);
  if (!answer || !Array.isArray(points)) return null;
  const width = Math.max(21, Math.min(61, (columns ?? 61) - 1));
  return pointSetToTerminal({ points: points as [number, number][], answer }, { width });
}
