import { describe, expect, it } from 'vitest';
import { answerPicture, pointAnswerOf } from './answer-picture';

const points = [[0, 0], [1, 0], [1, 1], [0, 1], [0.5, 0.5]];
const input = JSON.stringify({ points });

describe('the picture of an answer', () => {
  it('reads each task\'s output line as its answer, and an error line as none', () => {
    expect(pointAnswerOf('tsp', { tour: [0, 2, 1] })).toEqual({ kind: 'tour', indices: [0, 2, 1] });
    expect(pointAnswerOf('convex-hull', { hull: [0, 1, 2] })).toEqual({ kind: 'hull', indices: [0, 1, 2] });
    expect(pointAnswerOf('delaunay', { triangles: [[0, 1, 4]] })).toEqual({ kind: 'triangles', indices: [[0, 1, 4]] });
    expect(pointAnswerOf('tsp', { error: 'empty line', line: 2 })).toBeNull();
    expect(pointAnswerOf('tsp', { hull: [0, 1, 2] })).toBeNull();
  });

  it('draws the points and the answer, fitted to the terminal width', () => {
    const picture = answerPicture('convex-hull', input, JSON.stringify({ hull: [0, 1, 2, 3] }), 40)!;
    const lines = picture.split('\n');
    expect(lines[0]).toMatch(/^┌─+┐$/);
    expect([...lines[0]!].length).toBe(39);
    expect((picture.match(/●/g) ?? []).length).toBe(4 + 1); // the hull's corners, and the key
    expect((picture.match(/○/g) ?? []).length).toBe(1 + 1); // the centre, and the key
    expect(lines.at(-1)).toBe('● point in the hull  ○ other point');
    // Wide terminals: at most 61 characters; no terminal width: 61.
    expect([...answerPicture('tsp', input, JSON.stringify({ tour: [0, 1, 2, 3, 4] }), 200)!.split('\n')[0]!].length).toBe(61);
    expect(answerPicture('tsp', input, JSON.stringify({ error: 'x', line: 1 }))).toBeNull();
    expect(answerPicture('tsp', '', JSON.stringify({ tour: [0] }))).toBeNull();
  });
});
