import { describe, expect, it } from 'vitest';
import { mulberry32, toRandomSource } from './random';

describe('mulberry32', () => {
  it('matches the reference implementation', () => {
    // Reference (Tommy Ettinger's mulberry32, as commonly published):
    //   function m(a){return function(){a|=0;a=a+0x6D2B79F5|0;let t=Math.imul(a^a>>>15,1|a);
    //   t=t+Math.imul(t^t>>>7,61|t)^t;return((t^t>>>14)>>>0)/4294967296}}; const r=m(42); r(); r(); ...
    const r = mulberry32(42);
    expect([r.next(), r.next(), r.next(), r.next()]).toEqual([
      0.6011037519201636, 0.44829055899754167, 0.8524657934904099, 0.6697340414393693,
    ]);
  });
});

describe('toRandomSource', () => {
  it('seeds mulberry32 from a number', () => {
    const a = toRandomSource(7, 'test');
    const b = mulberry32(7);
    expect([a.next(), a.next()]).toEqual([b.next(), b.next()]);
  });

  it('passes through a structural random source and checks its draws', () => {
    const values = [0.25, 0.5, 1];
    const source = toRandomSource({ next: () => values.shift() ?? 0 }, 'samplePoints');
    expect(source.next()).toBe(0.25);
    expect(source.next()).toBe(0.5);
    expect(() => source.next()).toThrow('samplePoints: expected random.next() to return a number in [0, 1), got 1');
  });

  it('rejects a non-finite seed or an object without next()', () => {
    expect(() => toRandomSource(NaN, 'samplePoints')).toThrow(/finite numeric seed/);
    expect(() => toRandomSource({} as never, 'samplePoints')).toThrow(/object with next\(\): number/);
  });
});
