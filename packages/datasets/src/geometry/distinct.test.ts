import { describe, expect, it } from 'vitest';
import { lowestDuplicateIndex } from './distinct';

describe('lowestDuplicateIndex', () => {
  it('maps every point to the lowest index at its position', () => {
    const lowest = lowestDuplicateIndex([[0.5, 0.5], [0, 1], [0.5, 0.5], [0, 1], [1, 0], [0.5, 0.5]]);
    expect(Array.from(lowest)).toEqual([0, 1, 0, 1, 4, 0]);
  });

  it('treats -0 and 0 as the same position', () => {
    expect(Array.from(lowestDuplicateIndex([[0, 0], [-0, 0]]))).toEqual([0, 0]);
  });
});
