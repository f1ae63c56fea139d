import { describe, expect, it } from 'vitest';
import { VizError } from './errors';
import { pointSetToTerminal, TERMINAL_POINT_GLYPHS as G } from './points-terminal';

const square: [number, number][] = [[0, 0], [1, 0], [1, 1], [0, 1], [0.5, 0.4], [0.3, 0.7]];

/** The picture's grid (inside the frame) as rows of characters, and the key line. */
function parse(text: string): { grid: string[][]; key: string | undefined; lines: string[] } {
  const lines = text.split('\n');
  const bottom = lines.findIndex((l) => l.startsWith('└'));
  return { grid: lines.slice(1, bottom).map((l) => [...l].slice(1, -1)), key: lines[bottom + 1], lines };
}

/** Where each glyph is, as [row, col] cells. */
function cellsOf(grid: string[][], glyph: string): [number, number][] {
  return grid.flatMap((row, r) => row.flatMap((ch, c) => (ch === glyph ? [[r, c] as [number, number]] : [])));
}

describe('point sets in the terminal', () => {
  it('puts the points on a framed grid of the given width, y up, hull points filled and inside points hollow', () => {
    const { grid, key, lines } = parse(pointSetToTerminal({ points: square, answer: { kind: 'hull', indices: [0, 1, 2, 3] } }, { width: 41, indexLabels: false }));
    expect(lines.slice(0, -1).every((l) => [...l].length === 41)).toBe(true);
    const rows = grid.length;
    // One scale for both axes, a row two columns tall: a unit square is 39 columns by 20 rows.
    expect(rows).toBe(20);
    expect(cellsOf(grid, G.answer).sort()).toEqual([[0, 0], [0, 38], [rows - 1, 0], [rows - 1, 38]].sort());
    expect(cellsOf(grid, G.other)).toHaveLength(2);
    // (0.3, 0.7) is above (0.5, 0.4): a smaller row number.
    const [upper, lower] = cellsOf(grid, G.other).sort((a, b) => a[0] - b[0]);
    expect(upper![1]).toBeLessThan(lower![1]);
    expect(key).toBe(`${G.answer} point in the hull  ${G.other} other point`);
  });

  it('draws edges with characters that follow their slope, and marks where a tour starts', () => {
    const { grid, key } = parse(pointSetToTerminal({ points: square, answer: { kind: 'tour', indices: [0, 1, 2, 3] } }, { width: 21, indexLabels: false }));
    const last = grid.length - 1;
    // Bottom edge 0 -> 1 horizontal, right edge 1 -> 2 vertical.
    expect(grid[last]!.slice(1, -1).every((ch) => ch === G.horizontal)).toBe(true);
    expect(grid.slice(1, -1).every((row) => row[row.length - 1] === G.vertical)).toBe(true);
    expect(grid[last]![0]).toBe(G.start);
    expect(key).toMatch(/start \(point 0\)$/);
    const diagonal = parse(pointSetToTerminal({ points: [[0, 0], [1, 1]], answer: { kind: 'path', indices: [0, 1] } }, { width: 21 })).grid;
    // Rising from bottom-left to top-right: '/' only, and no closing edge for a path.
    const drawn = diagonal.flat().filter((ch) => ch !== ' ' && !/[0-9]/.test(ch));
    expect(new Set(drawn)).toEqual(new Set([G.rising, G.start, G.answer]));
  });

  it('draws every triangle edge once per triangle and labels few points with their indices', () => {
    const text = pointSetToTerminal({ points: square.slice(0, 5), answer: { kind: 'triangles', indices: [[0, 1, 4], [1, 2, 4], [2, 3, 4], [3, 0, 4]] } }, { width: 31 });
    const { grid } = parse(text);
    expect(cellsOf(grid, G.answer)).toHaveLength(5);
    expect(cellsOf(grid, G.falling).length).toBeGreaterThan(0);
    expect(cellsOf(grid, G.rising).length).toBeGreaterThan(0);
    for (const i of ['0', '1', '2', '3', '4']) expect(grid.flat()).toContain(i);
    // 40 points: no labels by default.
    const many = Array.from({ length: 40 }, (_, i) => [(i * 7) % 40 / 40, (i * 13) % 40 / 40] as [number, number]);
    expect(parse(pointSetToTerminal({ points: many }, { width: 81 })).grid.flat().some((ch) => /[0-9]/.test(ch))).toBe(false);
  });

  it('says what was wrong', () => {
    expect(() => pointSetToTerminal({ points: [] })).toThrow(VizError);
    expect(() => pointSetToTerminal({ points: square }, { width: 5 })).toThrow('width is 5; expected a whole number of characters >= 11');
    expect(() => pointSetToTerminal({ points: square, answer: { kind: 'hull', indices: [0, 9] } })).toThrow('answer index 1 is 9; expected a point index in 0..5');
    expect(() => pointSetToTerminal({ points: [[0, Number.NaN]] })).toThrow(VizError);
  });
});
