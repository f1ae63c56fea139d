import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random';
import { ALL_DATE_FORMATS, DATE_FORMATS } from './date-formats';
import { dateTask } from './dates';
import { generatePairs } from './sampler';

describe('DATE_FORMATS', () => {
  it('writes 2015-01-23 in each human format of the date-conversion example', () => {
    const written = ALL_DATE_FORMATS.map((f) => DATE_FORMATS[f](2015, 1, 23));
    expect(written).toEqual([
      '23Jan2015', '012315', '01/23/15', '1/23/15', '01/23/2015', '1/23/2015', '23-01-2015', '23-1-2015',
      'JAN 23, 15', 'Jan 23, 2015', '23.01.2015', '23.1.2015', '2015.01.23', '2015.1.23', '20150123',
      '2015/01/23', '2015-01-23', '2015-1-23',
    ]);
  });
});

describe('dateTask', () => {
  it('maps every format to the ISO date, reproducibly', () => {
    const pairs = generatePairs(dateTask(), 2000, 1);
    expect(generatePairs(dateTask(), 2000, 1)).toEqual(pairs);
    const isoOf = new Map<string, string>();
    for (const { source, target } of pairs) {
      expect(target).toMatch(/^(19[5-9]\d|20[0-4]\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/);
      const [y, m, d] = target.split('-').map(Number) as [number, number, number];
      expect(new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10)).toBe(target); // a real day
      expect(ALL_DATE_FORMATS.map((f) => DATE_FORMATS[f](y, m, d))).toContain(source);
      // A source names one date only.
      expect(isoOf.get(source) ?? target).toBe(target);
      isoOf.set(source, target);
    }
    const lengths = new Set(pairs.map((p) => p.source.length));
    expect(lengths.size).toBeGreaterThan(4);
  });

  it('draws uniformly over the formats and the range', () => {
    const sampler = dateTask({ minYear: 2000, maxYear: 2001, formats: ['YYYYMMDD', 'MM/DD/YY'] });
    const r = mulberry32(4);
    const pairs = Array.from({ length: 4000 }, () => sampler(r));
    const eight = pairs.filter((p) => p.source.length === 8 && !p.source.includes('/')).length;
    expect(eight / pairs.length).toBeCloseTo(0.5, 1);
    expect(new Set(pairs.map((p) => p.target.slice(0, 4)))).toEqual(new Set(['2000', '2001']));
  });

  it('rejects an unknown format and ambiguous two-digit years', () => {
    expect(() => dateTask({ formats: ['DD/MM' as never] })).toThrow(/unknown format "DD\/MM"; known: DDMMMYYYY/);
    expect(() => dateTask({ formats: [] })).toThrow(/at least one format/);
    expect(() => dateTask({ minYear: 1900, maxYear: 2049 })).toThrow(/format 'MMDDYY' writes a two-digit year, ambiguous over 1900\.\.2049/);
    expect(() => dateTask({ minYear: 1900, maxYear: 2049, formats: ['YYYY-M-D'] })).not.toThrow();
    expect(() => dateTask({ minYear: 2000, maxYear: 1999 })).toThrow(/'maxYear' must be an integer in \[2000, 9999\]/);
  });
});
