import { nearestNeighbourTour, samplePointSets } from '@seq2seq/datasets';
import { describe, expect, it } from 'vitest';
import { parseLine, solveLines } from './lines';

describe('solve line handling', () => {
  it('parses points and names what is wrong with a bad line', () => {
    expect(parseLine('{"points": [[0, 0], [1, 0], [0, 1]]}', 1)).toEqual({ line: 1, points: [[0, 0], [1, 0], [0, 1]] });
    expect(parseLine('   ', 2)).toBeNull();
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
    expect(out).toHaveLength(4);
    expect((out[0]!.tour as number[]).slice().sort((x, y) => x - y)).toEqual(a!.map((_, i) => i));
    expect(out[0]!.tour).toHaveProperty('0', 0);
    expect(out[1]).toMatchObject({ line: 2, error: expect.stringMatching(/^not JSON/) });
    expect(out[2]).toEqual({ line: 4, error: 'expected at least 3 points, got 2' });
    expect((out[3]!.tour as number[]).length).toBe(b!.length);
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
