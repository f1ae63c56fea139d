import { describe, expect, it } from 'vitest';
import { additionTask } from './addition';
import { generatePairs } from './sampler';
import { copyTask, reverseTask, sortTask } from './sequences';

describe('sequence tasks', () => {
  it('copy, reverse and sort random strings over the alphabet', () => {
    for (const { source, target } of generatePairs(copyTask(), 200, 1)) expect(target).toBe(source);
    for (const { source, target } of generatePairs(reverseTask(), 200, 2)) expect(target).toBe([...source].reverse().join(''));
    for (const { source, target } of generatePairs(sortTask(), 200, 3)) expect(target).toBe([...source].sort().join(''));
  });

  it('respects the alphabet and the length range', () => {
    const pairs = generatePairs(sortTask({ alphabet: 'zyxé', minLength: 3, maxLength: 5 }), 500, 4);
    const lengths = new Set(pairs.map((p) => [...p.source].length));
    expect([...lengths].sort()).toEqual([3, 4, 5]);
    for (const { source, target } of pairs) {
      expect(source).toMatch(/^[zyxé]+$/u);
      expect(target).toMatch(/^z*y*x*é*$/u); // alphabet order, not code-point order
    }
  });

  it('rejects a bad alphabet or lengths', () => {
    expect(() => copyTask({ alphabet: 'aab' })).toThrow(/'alphabet' must be a non-empty string of distinct characters/);
    expect(() => copyTask({ alphabet: '' })).toThrow(/'alphabet'/);
    expect(() => reverseTask({ minLength: 0 })).toThrow("reverseTask: 'minLength' must be an integer >= 1, got number 0");
    expect(() => sortTask({ minLength: 4, maxLength: 3 })).toThrow(/'maxLength' must be an integer >= 4/);
  });
});

describe('additionTask', () => {
  it('writes correct sums with operands of 1 to maxDigits digits', () => {
    const pairs = generatePairs(additionTask({ maxDigits: 3 }), 1000, 5);
    const digits = new Set<number>();
    for (const { source, target } of pairs) {
      const m = /^(\d{1,3})\+(\d{1,3})$/.exec(source);
      expect(m).not.toBeNull();
      const [a, b] = [m?.[1] as string, m?.[2] as string];
      expect(target).toBe(String(Number(a) + Number(b)));
      expect(a === '0' || !a.startsWith('0')).toBe(true);
      digits.add(a.length);
    }
    expect([...digits].sort()).toEqual([1, 2, 3]);
    expect(() => additionTask({ maxDigits: 16 })).toThrow(/'maxDigits' must be an integer in \[1, 15\]/);
  });
});
