import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random';
import { ALL_DATE_FORMATS, DATE_FORMATS } from './date-formats';
import { dateTask } from './dates';
import { generatePairs } from './sampler';

describe('DATE_FORMATS', () => {
  it('writes 2015-01-23 in each human format of the date-conversion example, and the English ones', () => {
    const written = ALL_DATE_FORMATS.map((f) => DATE_FORMATS[f](2015, 1, 23));
    expect(written).toEqual([
      '23Jan2015', '012315', '01/23/15', '1/23/15', '01/23/2015', '1/23/2015', '23-01-2015', '23-1-2015',
      'JAN 23, 15', 'Jan 23, 2015', '23.01.2015', '23.1.2015', '2015.01.23', '2015.1.23', '20150123',
      '2015/01/23', '2015-01-23', '2015-1-23',
      '23 January 2015', '23 Jan 2015', '23-Jan-2015', 'January 23, 2015', 'January 23 2015', 'Jan 23, 2015',
      'January 23rd, 2015', '23rd January 2015', '23rd Jan 2015', 'the 23rd of January 2015', '23rd of January 2015',
      'Friday, 23 January 2015', 'Friday, January 23, 2015', 'Friday, January 23rd, 2015', 'Fri, 23 Jan 2015',
    ]);
  });

  it('writes the forms of the issue for 1999-07-04, a Sunday', () => {
    const write = (f: keyof typeof DATE_FORMATS) => DATE_FORMATS[f](1999, 7, 4);
    expect(write('D Mmmm YYYY')).toBe('4 July 1999');
    expect(write('D Mmm YYYY')).toBe('4 Jul 1999');
    expect(write('Mmmm Do, YYYY')).toBe('July 4th, 1999');
    expect(write('Do Mmmm YYYY')).toBe('4th July 1999');
    expect(write('the Do of Mmmm YYYY')).toBe('the 4th of July 1999');
    expect(write('Dddd, D Mmmm YYYY')).toBe('Sunday, 4 July 1999');
    expect(write('Ddd, D Mmm YYYY')).toBe('Sun, 4 Jul 1999');
    expect(write('Mmmm D YYYY')).toBe('July 4 1999');
    expect(write('Do of Mmmm YYYY')).toBe('4th of July 1999');
    expect(write('Dddd, Mmmm Do, YYYY')).toBe('Sunday, July 4th, 1999');
    expect(write('DD-Mmm-YYYY')).toBe('04-Jul-1999');
    expect(write('Mmm DD, YYYY')).toBe('Jul 04, 1999');
    expect(write('Mmm D, YYYY')).toBe('Jul 4, 1999');
  });

  it('writes English ordinals, teens included', () => {
    const day = (d: number) => DATE_FORMATS['Do Mmm YYYY'](2000, 1, d).split(' ')[0];
    expect([1, 2, 3, 4, 10, 11, 12, 13, 14, 20, 21, 22, 23, 24, 30, 31].map(day)).toEqual([
      '1st', '2nd', '3rd', '4th', '10th', '11th', '12th', '13th', '14th', '20th', '21st', '22nd', '23rd', '24th', '30th', '31st',
    ]);
  });

  it('names the weekday of the proleptic Gregorian calendar', () => {
    // 2000-02-29 was a Tuesday, 1950-01-01 a Sunday, 2049-12-31 a Friday.
    expect(DATE_FORMATS['Dddd, Mmmm D, YYYY'](2000, 2, 29)).toBe('Tuesday, February 29, 2000');
    expect(DATE_FORMATS['Ddd, D Mmm YYYY'](1950, 1, 1)).toBe('Sun, 1 Jan 1950');
    expect(DATE_FORMATS['Dddd, D Mmmm YYYY'](2049, 12, 31)).toBe('Friday, 31 December 2049');
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

  it('writes every format by default', () => {
    const pairs = generatePairs(dateTask(), 2000, 3);
    const drawn = ALL_DATE_FORMATS.filter((f) =>
      pairs.some(({ source, target }) => {
        const [y, m, d] = target.split('-').map(Number) as [number, number, number];
        return DATE_FORMATS[f](y, m, d) === source;
      }),
    );
    expect(drawn).toEqual(ALL_DATE_FORMATS);
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
