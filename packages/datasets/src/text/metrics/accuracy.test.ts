import { describe, expect, it } from 'vitest';
import { exactMatch, tokenAccuracy } from './accuracy';

describe('exactMatch', () => {
  it('counts identical strings or token sequences', () => {
    expect(exactMatch(['2015-01-23', '2015-01-24'], ['2015-01-23', '2015-01-23'])).toBe(0.5);
    expect(exactMatch([['a', 'b'], Int32Array.from([1, 2])], [['a', 'b'], [1, 2, 3]])).toBe(0.5);
  });

  it('rejects unpaired or empty input', () => {
    expect(() => exactMatch(['a'], [])).toThrow(/exactMatch: need one target per prediction/);
    expect(() => exactMatch([], [])).toThrow(/no predictions to score/);
    expect(() => exactMatch([null as never], ['a'])).toThrow(/each item must be a string or a token array, got null/);
  });
});

describe('tokenAccuracy', () => {
  it('is the fraction of target positions predicted right', () => {
    // 3 of 4 right, then 1 of 2 (prediction too short), extra tokens ignored: 4 / 6.
    expect(tokenAccuracy(['abxd', 'a'], ['abcd', 'ab'])).toBeCloseTo(3 / 6 + 1 / 6, 15);
    expect(tokenAccuracy([[1, 2, 3, 4]], [[1, 2]])).toBe(1);
  });

  it('rejects targets without tokens', () => {
    expect(() => tokenAccuracy([''], [''])).toThrow('tokenAccuracy: the targets hold no tokens');
  });
});
