import { describe, expect, it } from 'vitest';
import { DatasetError } from '../errors';
import { tbpttBatches, tbpttWindowCount } from './tbptt';

describe('tbpttBatches', () => {
  const ids = Array.from({ length: 23 }, (_, i) => i); // id = position, so every value says where it came from

  it('gives every row its own contiguous stretch, window after window', () => {
    // 22 next-char pairs over 3 rows: 7 per row (the last pair dropped); windows of 3, 3, 1.
    const batches = tbpttBatches(ids, { batchSize: 3, seqLen: 3 });
    expect(batches.map((b) => [b.window, b.time, b.windows])).toEqual([[0, 3, 3], [1, 3, 3], [2, 1, 3]]);
    expect(tbpttWindowCount(ids.length, { batchSize: 3, seqLen: 3 })).toBe(3);
    for (let r = 0; r < 3; r++) {
      const row = batches.flatMap((b) => Array.from(b.inputs.subarray(r * b.time, (r + 1) * b.time)));
      const next = batches.flatMap((b) => Array.from(b.targets.subarray(r * b.time, (r + 1) * b.time)));
      expect(row).toEqual(Array.from({ length: 7 }, (_, t) => 7 * r + t)); // one unbroken stretch
      expect(next).toEqual(row.map((x) => x + 1)); // each target is the next character
    }
  });

  it('uses every pair when the text divides evenly', () => {
    const batches = tbpttBatches(ids.slice(0, 13), { batchSize: 2, seqLen: 6 });
    expect(batches).toHaveLength(1);
    expect(Array.from(batches[0]!.inputs)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(Array.from(batches[0]!.targets)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('rejects a text too short for its rows, and bad options', () => {
    expect(() => tbpttBatches([1, 2, 3], { batchSize: 3, seqLen: 2 })).toThrow(DatasetError);
    expect(() => tbpttBatches([1, 2, 3], { batchSize: 3, seqLen: 2 })).toThrow('too short for 3 rows; it needs at least batchSize + 1 = 4 ids');
    expect(() => tbpttBatches(ids, { batchSize: 0, seqLen: 2 })).toThrow("'batchSize' must be an integer >= 1, got number 0");
    expect(() => tbpttBatches(ids, { batchSize: 2, seqLen: 1.5 })).toThrow("'seqLen' must be an integer >= 1");
    expect(tbpttWindowCount(3, { batchSize: 3, seqLen: 2 })).toBe(0);
  });
});
