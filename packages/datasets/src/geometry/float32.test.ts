import { describe, expect, it } from 'vitest';
import { batchPointSets, float32ToPoints, pointsToFloat32 } from './float32';
import { samplePoints } from './sample';

describe('pointsToFloat32 / float32ToPoints', () => {
  it('round-trips float32-rounded points', () => {
    const points = samplePoints(7, 1);
    const data = pointsToFloat32(points);
    expect(data).toHaveLength(14);
    expect(float32ToPoints(data)).toEqual(points);
    expect(float32ToPoints(data, 2)).toEqual(points.slice(0, 2));
  });

  it('rejects a length beyond the data', () => {
    expect(() => float32ToPoints(new Float32Array(4), 3)).toThrow("float32ToPoints: expected 'length' to be an integer in [0, 2], got 3");
  });
});

describe('batchPointSets', () => {
  it('pads to the longest set with a mask and lengths', () => {
    const batch = batchPointSets([
      [[0.1, 0.2], [0.3, 0.4]],
      [[0.5, 0.6]],
    ]);
    expect(batch.batch).toBe(2);
    expect(batch.maxLength).toBe(2);
    expect(Array.from(batch.lengths)).toEqual([2, 1]);
    expect(Array.from(batch.mask)).toEqual([1, 1, 1, 0]);
    expect(Array.from(batch.data)).toEqual(Array.from(new Float32Array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0, 0])));
  });

  it('pads to a given length and rejects one that is too short', () => {
    expect(batchPointSets([[[0, 0]]], 3).data).toHaveLength(6);
    expect(() => batchPointSets([[[0, 0], [1, 1]]], 1)).toThrow(
      "batchPointSets: expected 'maxLength' to be an integer >= 2 (the longest set), got 1",
    );
    expect(() => batchPointSets([[[0, NaN]]])).toThrow('batchPointSets: expected sets[0][0] to be [x, y] with finite numbers, got [0, NaN]');
  });
});
