import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random';
import { makeBatches } from './make-batches';
import { planBatches } from './plan';

/** Example i has a source of length `lengths[i]` and a target one longer. */
const examples = (lengths: number[]) => lengths.map((n, i) => ({ source: new Array<number>(n).fill(i + 4), target: new Array<number>(n + 1).fill(i + 4) }));

describe('planBatches', () => {
  const pairs = examples([5, 1, 4, 2, 3, 6, 1, 2, 9, 7]);

  it('keeps the input order without randomness or bucketing', () => {
    expect(planBatches(pairs, { batchSize: 4 })).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
    expect(planBatches(pairs, { batchSize: 4, dropLast: true })).toEqual([[0, 1, 2, 3], [4, 5, 6, 7]]);
  });

  it('sorts by length within chunks of N batches', () => {
    // Chunks of 2 batches * 2 = 4 examples: [5,1,4,2] [3,6,1,2] [9,7].
    expect(planBatches(pairs, { batchSize: 2, bucketChunk: 2 })).toEqual([[1, 3], [2, 0], [6, 7], [4, 5], [9, 8]]);
  });

  it('shuffles reproducibly with a seed or a generator, covering every example once', () => {
    const a = planBatches(pairs, { batchSize: 3, random: 11, bucketChunk: 2 });
    expect(planBatches(pairs, { batchSize: 3, random: mulberry32(11), bucketChunk: 2 })).toEqual(a);
    expect(planBatches(pairs, { batchSize: 3, random: 12, bucketChunk: 2 })).not.toEqual(a);
    expect(a.flat().sort((x, y) => x - y)).toEqual([...pairs.keys()]);
  });

  it('pads less with bucketing', () => {
    const many = examples(Array.from({ length: 2000 }, (_, i) => 1 + ((i * 7919) % 40)));
    const padding = (bucketChunk: number) =>
      makeBatches(many, { batchSize: 32, random: 5, bucketChunk }).reduce((sum, b) => sum + b.source.length - b.sourceLengths.reduce((s, n) => s + n, 0), 0);
    expect(padding(20)).toBeLessThan(padding(0) / 5);
  });

  it('rejects bad options, naming them', () => {
    expect(() => planBatches(pairs, { batchSize: 0 })).toThrow("planBatches: 'batchSize' must be an integer >= 1, got number 0");
    expect(() => planBatches(pairs, { batchSize: 2, bucketChunk: -1 })).toThrow(/'bucketChunk' must be an integer >= 0/);
    expect(() => planBatches(pairs, undefined as never)).toThrow(/options with a batchSize are required/);
  });
});

describe('makeBatches', () => {
  it('produces padded batches in plan order', () => {
    const batches = makeBatches(examples([2, 1, 3]), { batchSize: 2 });
    expect(batches.map((b) => b.shape)).toEqual([
      { batch: 2, sourceTime: 2, targetTime: 3 },
      { batch: 1, sourceTime: 3, targetTime: 4 },
    ]);
    expect([...(batches[0]?.source ?? [])]).toEqual([4, 4, 5, 0]);
  });
});
