import { describe, expect, it } from 'vitest';
import { decodeTriangles, encodeTriangles } from './triangle-sequence';

describe('encodeTriangles / decodeTriangles', () => {
  it('flattens triples in order and splits them back', () => {
    const triangles = [[0, 3, 4], [0, 1, 4]] as const;
    const sequence = encodeTriangles(triangles);
    expect(sequence).toEqual([0, 3, 4, 0, 1, 4]);
    expect(decodeTriangles(sequence)).toEqual([[0, 3, 4], [0, 1, 4]]);
  });

  it('keeps a trailing partial group so that it can be scored as malformed', () => {
    expect(decodeTriangles([1, 2, 3, 4])).toEqual([[1, 2, 3], [4]]);
    expect(decodeTriangles([])).toEqual([]);
  });
});
