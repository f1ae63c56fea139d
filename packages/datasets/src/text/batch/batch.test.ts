import { describe, expect, it } from 'vitest';
import { DatasetError } from '../errors';
import { collate, lengthMask } from './batch';

const pairs = [
  { source: [4, 5, 6], target: [1, 7, 2] },
  { source: [8], target: Int32Array.from([1, 9, 10, 11, 2]) },
  { source: [12, 13], target: [1, 2] },
];

describe('collate', () => {
  it('pads every sequence to the batch maximum, row-major', () => {
    const batch = collate(pairs);
    expect(batch.shape).toEqual({ batch: 3, sourceTime: 3, targetTime: 5 });
    expect([...batch.source]).toEqual([4, 5, 6, 8, 0, 0, 12, 13, 0]);
    expect([...batch.sourceLengths]).toEqual([3, 1, 2]);
    expect([...batch.target]).toEqual([1, 7, 2, 0, 0, 1, 9, 10, 11, 2, 1, 2, 0, 0, 0]);
    expect([...batch.targetLengths]).toEqual([3, 5, 2]);
    expect([...batch.indices]).toEqual([0, 1, 2]);
  });

  it('takes a subset of rows and a pad id', () => {
    const batch = collate(pairs, [2, 0], -1);
    expect(batch.shape).toEqual({ batch: 2, sourceTime: 3, targetTime: 3 });
    expect([...batch.source]).toEqual([12, 13, -1, 4, 5, 6]);
    expect([...batch.indices]).toEqual([2, 0]);
  });

  it('rejects an empty batch, an index out of range, and a malformed example', () => {
    expect(() => collate([])).toThrow(/cannot make a batch of 0 examples/);
    expect(() => collate(pairs, [0, 3])).toThrow(/indices\[1\] = 3 is outside \[0, 2\]/);
    expect(() => collate([{ source: [1] } as never])).toThrow(DatasetError);
  });
});

describe('lengthMask', () => {
  it('is 1 on tokens and 0 on padding', () => {
    expect([...lengthMask([2, 0, 3], 3)]).toEqual([1, 1, 0, 0, 0, 0, 1, 1, 1]);
  });
});
