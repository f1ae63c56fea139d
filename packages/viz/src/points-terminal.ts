/**
 * A point set and its answer in a terminal: the points on a character grid (one scale for both
 * axes, each row counted as two columns tall, y up), the answer's edges drawn with `-`, `|`, `/`
 * and `\`, then the points on top: `●` in the answer, `○` not in it, `◆` where a tour or path
 * starts. With few points their indices are written beside them. A key line follows.
 */
import type { PointAnswer, PointSetData } from './points';
import { VizError } from './errors';
import { finiteValues, type Numbers } from './validate';

/** Options of {@link pointSetToTerminal}; every field has a default. */
export interface TerminalPointSetOptions {
  /** Characters across the picture's frame (at least 11), e.g. `process.stdout.columns`. Default 41. */
  width?: number;
  /** The data region drawn, `[xMin, yMin, xMax, yMax]`. Default: the points' extent. */
  bounds?: readonly [number, number, number, number];
  /** Write each point's index beside it (right of it, else left, where no other point is). Default: when there are at most 20 points. */
  indexLabels?: boolean;
  /** Write the key line under the picture. Default true. */
  key?: boolean;
}

/** The characters of the terminal picture. */
export const TERMINAL_POINT_GLYPHS = { answer: '●', other: '○', start: '◆', horizontal: '-', vertical: '|', rising: '/', falling: '\\' } as const;

/** Edges of an answer as index pairs. */
function edgesOf(answer: PointAnswer): [number, number][] {
  if (answer.kind === 'triangles') return answer.indices.flatMap(([a, b, c]) => [[a, b], [b, c], [c, a]] as [number, number][]);
  const idx = answer.indices;
  const edges = idx.slice(1).map((b, k) => [idx[k]!, b] as [number, number]);
  if (answer.kind !== 'path' && idx.length > 2) edges.push([idx[idx.length - 1]!, idx[0]!]);
  return edges;
}

/** The point set and its answer as terminal text (lines joined with `\n`, no trailing newline). */
export function pointSetToTerminal(data: Pick<PointSetData, 'points' | 'answer'>, options: TerminalPointSetOptions = {}): string {
  const points = data.points.map((p, i) => {
    const xy = finiteValues(p as Numbers, `points[${i}]`);
    if (xy.length !== 2) throw new VizError(`points[${i}] has ${xy.length} coordinates; expected [x, y]`);
    return xy as [number, number];
  });
  const n = points.length;
  if (n === 0 && !options.bounds) throw new VizError('points is empty; expected at least one [x, y] (or give bounds)');
  const width = options.width ?? 41;
  if (!Number.isInteger(width) || width < 11) throw new VizError(`width is ${width}; expected a whole number of characters >= 11`);
  const answer = data.answer;
  const flat = answer ? (answer.kind === 'triangles' ? answer.indices.flat() : [...answer.indices]) : [];
  flat.forEach((i, k) => {
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new VizError(`answer index ${k} is ${i}; expected a point index in 0..${n - 1}`);
  });

  const [x0, y0, x1, y1] = options.bounds ?? [Math.min(...points.map((p) => p[0])), Math.min(...points.map((p) => p[1])), Math.max(...points.map((p) => p[0])), Math.max(...points.map((p) => p[1]))];
  const span = Math.max(x1 - x0, y1 - y0) || 1;
  // Inside a frame of one character each side; a row is about two columns tall.
  const cols = width - 2;
  const scale = (cols - 1) / span; // columns per data unit
  const rows = Math.max(1, Math.round(((y1 - y0) * scale) / 2) + 1);
  const usedCols = Math.max(1, Math.round((x1 - x0) * scale) + 1);
  const left = Math.floor((cols - usedCols) / 2);
  const grid: string[][] = Array.from({ length: rows }, () => Array.from({ length: cols }, () => ' '));
  const at = ([x, y]: [number, number]): [number, number] => [left + Math.round((x - x0) * scale), Math.round(((y1 - y) * scale) / 2)];
  const put = (c: number, r: number, ch: string): void => {
    if (r >= 0 && r < rows && c >= 0 && c < cols) grid[r]![c] = ch;
  };

  for (const [a, b] of answer ? edgesOf(answer) : []) {
    const [ca, ra] = at(points[a]!);
    const [cb, rb] = at(points[b]!);
    const [dc, dr] = [cb - ca, rb - ra];
    // The slope as seen (a row is two columns tall) picks the character.
    const angle = Math.abs(Math.atan2(2 * dr, dc)) * (180 / Math.PI);
    const flatLine = angle < 25 || angle > 155;
    const steep = angle > 65 && angle < 115;
    const ch = flatLine ? TERMINAL_POINT_GLYPHS.horizontal : steep ? TERMINAL_POINT_GLYPHS.vertical : (dc > 0) === (dr > 0) ? TERMINAL_POINT_GLYPHS.falling : TERMINAL_POINT_GLYPHS.rising;
    const steps = Math.max(Math.abs(dc), Math.abs(dr));
    for (let s = 1; s < steps; s++) put(Math.round(ca + (dc * s) / steps), Math.round(ra + (dr * s) / steps), ch);
  }

  const inAnswer = new Set(flat);
  const start = answer && (answer.kind === 'tour' || answer.kind === 'path') && answer.indices.length ? answer.indices[0] : undefined;
  const cells = points.map(at);
  cells.forEach(([c, r], i) => put(c, r, i === start ? TERMINAL_POINT_GLYPHS.start : inAnswer.has(i) ? TERMINAL_POINT_GLYPHS.answer : TERMINAL_POINT_GLYPHS.other));
  if (options.indexLabels ?? n <= 20) {
    const taken = new Set(cells.map(([c, r]) => `${c},${r}`));
    cells.forEach(([c, r], i) => {
      const label = String(i);
      // To the right of the point, else to its left, over blank or edge cells only.
      const fits = (from: number) => [...label].every((_, k) => from + k >= 0 && from + k < cols && !taken.has(`${from + k},${r}`) && /[ \-|/\\]/.test(grid[r]![from + k]!));
      const from = fits(c + 1) ? c + 1 : fits(c - label.length) ? c - label.length : null;
      if (from !== null) [...label].forEach((d, k) => put(from + k, r, d));
    });
  }

  const lines = [`┌${'─'.repeat(cols)}┐`, ...grid.map((row) => `│${row.join('')}│`), `└${'─'.repeat(cols)}┘`];
  if (options.key ?? true) {
    const what = answer ? { tour: 'tour', path: 'path', hull: 'hull', triangles: 'triangles' }[answer.kind] : 'answer';
    const parts = [`${TERMINAL_POINT_GLYPHS.answer} point in the ${what}`, `${TERMINAL_POINT_GLYPHS.other} other point`];
    if (start !== undefined) parts.push(`${TERMINAL_POINT_GLYPHS.start} start (point ${start})`);
    lines.push(parts.join('  '));
  }
  return lines.join('\n');
}
