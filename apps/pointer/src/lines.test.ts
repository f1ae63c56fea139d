import { nearestNeighbourTour, samplePointSets } from '@seq2seq/datasets';
import { describe, expect, it } from 'vitest';
import { invalidAnswer, normaliseToUnitSquare, parseLine, solveLines } from './lines';
import { nearestShippedModel, shippedModels } from './tasks';

describe('solve line handling', () => {
  it('parses points and names what is wrong with a bad line', () => {
    expect(parseLine('{"points": [[0, 0], [1, 0], [0, 1]]}', 1)).toEqual({ line: 1, points: [[0, 0], [1, 0], [0, 1]] });
    expect(parseLine('   ', 2)).toEqual({ line: 2, error: 'empty line: expected {"points": [[x, y], ...]}' });
    expect(parseLine('{"points": [[0, 0], [1, 0]', 3)).toMatchObject({ line: 3, error: expect.stringMatching(/^not JSON/) });
    expect(parseLine('{"points": [[0, 0], [1, 0]]}', 4)).toMatchObject({ error: 'expected at least 3 points, got 2' });
    expect(parseLine('{"points": [[0, 0], [1, 0], [0, 1e999]]}', 5)).toMatchObject({ error: 'points[2] must hold two finite numbers, got [0, Infinity]' });
    expect(parseLine('{"points": [[0, 0], [1, 0], [0, "1"]]}', 6)).toMatchObject({ error: expect.stringMatching(/points\[2\]/) });
    expect(parseLine('[1, 2, 3]', 7)).toMatchObject({ error: expect.stringMatching(/expected an object/) });
    expect(parseLine('{"points": [[0, 0, 1], [1, 0], [0, 1]]}', 8)).toMatchObject({ error: 'points[0] must be a pair [x, y]' });
  });


  it('answers every input line in order: bad lines get an error naming the line, the rest still run', () => {
    // The network's own decoding is tested in @seq2seq/seq2seq; here a heuristic stands in for it.
    const solver = (sets: ReturnType<typeof samplePointSets>) => sets.map((p) => nearestNeighbourTour(p).tour);
    const [a, b] = samplePointSets(2, { nMin: 4, nMax: 7 }, 3);
    const lines = [
      JSON.stringify({ points: a }),
      'not json',
      '',
      '{"points": [[0, 0], [1, 1]]}',
      JSON.stringify({ points: b }),
    ].map((text, i) => ({ text, line: i + 1 }));
    const out = solveLines('tsp', lines, solver).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(out).toHaveLength(5); // output line N answers input line N, a blank one too
    expect((out[0]!.tour as number[]).slice().sort((x, y) => x - y)).toEqual(a!.map((_, i) => i));
    expect(out[0]!.tour).toHaveProperty('0', 0);
    expect(out[1]).toMatchObject({ line: 2, error: expect.stringMatching(/^not JSON/) });
    expect(out[2]).toMatchObject({ line: 3, error: expect.stringMatching(/^empty line/) });
    expect(out[3]).toEqual({ line: 4, error: 'expected at least 3 points, got 2' });
    expect((out[4]!.tour as number[]).length).toBe(b!.length);
  });

  it('moves points outside the unit square into it, says so, and answers as for the points inside', () => {
    const [p] = samplePointSets(1, { n: 8 }, 11);
    const solver = (sets: ReturnType<typeof samplePointSets>) => sets.map((s) => nearestNeighbourTour(s).tour);
    const huge = p!.map(([x, y]) => [x * 1e300 - 5e299, y * 1e300] as [number, number]);
    const notes: string[] = [];
    const [inside, outside] = solveLines('tsp', [{ text: JSON.stringify({ points: p }), line: 1 }, { text: JSON.stringify({ points: huge }), line: 2 }], solver, (m) => notes.push(m));
    expect(outside).toBe(inside);
    expect(notes).toEqual([expect.stringMatching(/^line 2: points outside the unit square, moved into it/)]);
  });

  it('prints an error, never an invalid answer', () => {
    const lines = [{ text: '{"points": [[0, 0], [1, 0], [0, 1], [1, 1]]}', line: 1 }];
    expect(solveLines('tsp', lines, () => [[0, 0, 0, 0]])).toEqual(['{"error":"no valid answer: the model\'s output is not a tour (a permutation of every point, from 0)","line":1}']);
    expect(JSON.parse(solveLines('convex-hull', lines, () => [[]])[0]!)).toMatchObject({ line: 1, error: expect.stringMatching(/not a hull/) });
  });
});

describe('normaliseToUnitSquare', () => {
  it('keeps points inside the square and fits others with one shift and one uniform scale', () => {
    expect(normaliseToUnitSquare([[0, 0], [1, 0.5], [0.2, 1]])).toEqual({ points: [[0, 0], [1, 0.5], [0.2, 1]], moved: false });
    expect(normaliseToUnitSquare([[-2, 1], [2, 1], [0, 3]])).toEqual({ points: [[0, 0], [1, 0], [0.5, 0.5]], moved: true });
    const { points } = normaliseToUnitSquare([[1e300, -1e300], [-1e300, 1e300], [0, 0]]);
    expect(points).toEqual([[1, 0], [0, 1], [0.5, 0.5]]);
    expect(normaliseToUnitSquare([[7, 7], [7, 7], [7, 7]]).points).toEqual([[0, 0], [0, 0], [0, 0]]);
  });
});

describe('invalidAnswer', () => {
  it('accepts valid answers and names what is wrong with the others', () => {
    expect(invalidAnswer('tsp', [0, 2, 1], 3)).toBeNull();
    expect(invalidAnswer('tsp', [1, 0, 2], 3)).toMatch(/not a tour/);
    expect(invalidAnswer('convex-hull', [0, 1, 3], 4)).toBeNull();
    expect(invalidAnswer('convex-hull', [0, 1, 5], 4)).toMatch(/outside 0..3/);
    expect(invalidAnswer('delaunay', [0, 1, 2, 1, 2, 3], 4)).toBeNull();
    expect(invalidAnswer('delaunay', [0, 1, 1], 4)).toMatch(/triangle 0 repeats a point/);
  });
});

describe('the shipped model for an instance size', () => {
  it('is the one trained nearest that size', () => {
    expect(shippedModels('tsp').map((m) => m.trainedN)).toEqual([10, 20]);
    expect(nearestShippedModel('tsp', 20)?.dir).toMatch(/tsp-n20$/);
    expect(nearestShippedModel('tsp', 12)?.dir).toMatch(/tsp-n10$/);
    expect(nearestShippedModel('tsp', 15)?.dir).toMatch(/tsp-n10$/); // a tie goes to the smaller
    expect(nearestShippedModel('tsp', 100)?.dir).toMatch(/tsp-n20$/);
    expect(nearestShippedModel('convex-hull', 5)?.dir).toMatch(/convex-hull-n50$/);
  });

});

describe('solve output records', () => {
  it('formats hulls and triangles', () => {
    const lines = [{ text: '{"points": [[0, 0], [1, 0], [0, 1], [1, 1]]}', line: 1 }];
    expect(solveLines('convex-hull', lines, () => [[0, 1, 3, 2]])).toEqual(['{"hull":[0,1,3,2]}']);
    expect(solveLines('delaunay', lines, () => [[0, 1, 2, 1, 3, 2]])).toEqual(['{"triangles":[[0,1,2],[1,3,2]]}']);
  });

  it('a solver failure on one input costs only that line', () => {
    const lines = ['{"points": [[0, 0], [1, 0], [0, 1]]}', '{"points": [[0, 0], [2, 0], [0, 2], [3, 3]]}'].map((text, i) => ({ text, line: i + 1 }));
    const out = solveLines('convex-hull', lines, (sets) => {
      if (sets.some((s) => s.length === 4)) throw new Error('boom');
      return sets.map(() => [0, 1, 2]);
    });
    expect(out).toEqual(['{"hull":[0,1,2]}', '{"error":"boom","line":2}']);
  });
});
