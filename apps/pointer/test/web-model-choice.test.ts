import { describe, expect, it } from 'vitest';
import { nearestModel, sizeWarning } from '../web/model-choice';
import type { ModelEntry } from '../web/protocol';

const model = (name: string, n: ModelEntry['n']): ModelEntry => ({ name, task: 'tsp', n, encoder: 'lstm', hiddenSize: 128, trainSeconds: null, weightBytes: 1 });
const tsp10 = model('tsp-n10', 10);
const tsp20 = model('tsp-n20', 20);

describe('nearestModel', () => {
  it('takes the model trained nearest the instance size, the smaller on a tie (as the command line)', () => {
    expect(nearestModel([tsp10, tsp20], 12)).toBe(tsp10);
    expect(nearestModel([tsp10, tsp20], 15)).toBe(tsp10);
    expect(nearestModel([tsp10, tsp20], 16)).toBe(tsp20);
    expect(nearestModel([tsp10, tsp20], 100)).toBe(tsp20);
    expect(nearestModel([tsp10, tsp20], 3)).toBe(tsp10);
    expect(nearestModel([], 10)).toBeNull();
  });

  it('counts a size inside a trained range as exact', () => {
    const range = model('tsp-curriculum', [5, 50]);
    expect(nearestModel([tsp20, range], 40)).toBe(range);
    expect(nearestModel([tsp20, range], 20)).toBe(tsp20);
  });
});

describe('sizeWarning', () => {
  it('warns when the instance is more than twice, or less than half, the training size', () => {
    expect(sizeWarning(tsp10, 100)).toMatch(/^This model was trained on 10 points; this instance has 100, far more\. .*much worse/);
    expect(sizeWarning(tsp20, 41)).toMatch(/trained on 20 points; this instance has 41/);
    expect(sizeWarning(model('convex-hull-n50', 50), 10)).toMatch(/this instance has 10, far fewer/);
  });

  it('is quiet near the training size, inside a range, and below 3 points', () => {
    expect(sizeWarning(tsp10, 20)).toBeNull();
    expect(sizeWarning(tsp10, 5)).toBeNull();
    expect(sizeWarning(model('convex-hull-n50', 50), 30)).toBeNull();
    expect(sizeWarning(model('tsp-curriculum', [5, 50]), 100)).toBeNull();
    expect(sizeWarning(tsp20, 2)).toBeNull();
  });
});
