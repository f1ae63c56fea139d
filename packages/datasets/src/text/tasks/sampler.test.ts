import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random';
import { dateTask } from './dates';
import { generateHeldOut, generatePairs } from './sampler';
import { copyTask } from './sequences';

describe('generateHeldOut', () => {
  it('draws distinct sources that the training set does not have', () => {
    const train = generatePairs(dateTask(), 5000, 1);
    const test = generateHeldOut(dateTask(), 1000, train, 2);
    expect(test).toHaveLength(1000);
    const seen = new Set(train.map((p) => p.source));
    expect(test.some((p) => seen.has(p.source))).toBe(false);
    expect(new Set(test.map((p) => p.source)).size).toBe(1000);
    expect(generateHeldOut(dateTask(), 1000, train, mulberry32(2))).toEqual(test);
  });

  it("with distinctBy 'target', draws days that training never showed in any format", () => {
    const train = generatePairs(dateTask(), 5000, 1);
    const test = generateHeldOut(dateTask(), 1000, train, 2, { distinctBy: 'target' });
    const days = new Set(train.map((p) => p.target));
    expect(test.some((p) => days.has(p.target))).toBe(false);
    expect(new Set(test.map((p) => p.target)).size).toBe(1000);
    // The default would have let some through: a trained day, written in another format.
    const bySource = generateHeldOut(dateTask(), 1000, train, 2);
    expect(bySource.filter((p) => days.has(p.target)).length).toBeGreaterThan(50);
    expect(() => generateHeldOut(dateTask(), 1, [{ source: 'x' }], 2, { distinctBy: 'target' })).toThrow(
      "generateHeldOut: with distinctBy 'target', every excluded example needs a string 'target', got undefined",
    );
    expect(() => generateHeldOut(dateTask(), 1, [], 2, { distinctBy: 'day' as never })).toThrow(/'distinctBy' must be 'source' or 'target', got "day"/);
  });

  it('says so when the task has too few unseen examples', () => {
    const tiny = copyTask({ alphabet: 'ab', minLength: 1, maxLength: 2 }); // 6 distinct sources
    const train = [{ source: 'a', target: 'a' }];
    expect(generateHeldOut(tiny, 5, train, 1)).toHaveLength(5);
    expect(() => generateHeldOut(tiny, 6, train, 1, { maxAttempts: 500 })).toThrow(
      'generateHeldOut: found only 5 of 6 unseen sources in 500 draws; the task has too few distinct examples',
    );
  });

  it('rejects a bad count', () => {
    expect(() => generatePairs(copyTask(), -1, 1)).toThrow("generatePairs: 'count' must be an integer >= 0, got number -1");
    expect(() => generateHeldOut(copyTask(), 1.5, [], 1)).toThrow(/'count' must be an integer/);
  });
});
