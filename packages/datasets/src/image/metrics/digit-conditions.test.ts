import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../text/random';
import { makeDigitString, type DigitString, type PlacedDigit, type PlacedFragment } from '../digit-string';
import { blankImage, type GrayImage } from '../gray-image';
import { mnistPools } from '../mnist/pools';
import { digitConditionReport, digitConditions, misreadCharacters } from './digit-conditions';

/** A 28x28 source with full ink in rows and columns [from, to] (inclusive). */
function inkSquare(from: number, to: number): GrayImage {
  const image = blankImage(28, 28);
  for (let y = from; y <= to; y++) for (let x = from; x <= to; x++) image.pixels[y * 28 + x] = 255;
  return image;
}

const SOURCE = inkSquare(8, 19); // ink box 8..19 of 28: at size 28 on the canvas, x + 8 .. x + 19
const digit = (d: number, x: number, y: number, size: number): PlacedDigit => ({ digit: d, source: SOURCE, index: 0, x, y, size });
const fragment = (x: number, y: number, cropX: number, cropY: number): PlacedFragment => ({ source: SOURCE, digit: 0, index: 0, cropX, cropY, x, y });
const string = (digits: PlacedDigit[], clutter: PlacedFragment[] = []): DigitString => ({
  image: blankImage(160, 48),
  label: digits.map((d) => String(d.digit)).join(''),
  digits,
  clutter,
});

describe('misreadCharacters', () => {
  it('marks substituted and dropped label characters and counts insertions (hand-aligned)', () => {
    expect(misreadCharacters('40712', '40712')).toEqual({ misread: [false, false, false, false, false], insertions: 0 });
    expect(misreadCharacters('40812', '40712')).toEqual({ misread: [false, false, true, false, false], insertions: 0 });
    expect(misreadCharacters('4012', '40712')).toEqual({ misread: [false, false, true, false, false], insertions: 0 });
    expect(misreadCharacters('407712', '40712')).toEqual({ misread: [false, false, false, false, false], insertions: 1 });
    expect(misreadCharacters('', '12')).toEqual({ misread: [true, true], insertions: 0 });
    expect(misreadCharacters('93', '')).toEqual({ misread: [], insertions: 2 });
    expect(misreadCharacters('55820', '55840').misread).toEqual([false, false, false, true, false]);
  });
});

describe('digitConditions', () => {
  it('finds clutter ink inside a digit, crowded neighbours and small digits', () => {
    const s = string(
      [
        digit(1, 0, 0, 28), // ink 8..19, 8..19
        digit(2, 10, 10, 28), // ink 18..29, 18..29: overlaps the first digit's ink box (crowded)
        digit(3, 60, 0, 20), // small; ink from 60 + floor(8 * 20/28) = 65 to 60 + ceil(20 * 20/28) - 1 = 74
        digit(4, 100, 0, 28), // ink 108..119
      ],
      [
        fragment(66, 4, 8, 8), // crop 8..16 is all ink: canvas ink 66..74, 4..12 inside the third digit
        fragment(104, 2, 0, 0), // crop 0..8 has ink only at 8: canvas 112, 10: inside the fourth digit
      ],
    );
    expect(digitConditions(s)).toEqual([
      { clutter: false, crowded: true, small: false },
      { clutter: false, crowded: true, small: false },
      { clutter: true, crowded: false, small: true },
      { clutter: true, crowded: false, small: false },
    ]);
  });

  it('counts a fragment only by its ink: a blank crop over a digit is no clutter', () => {
    const blankCrop = fragment(100, 0, 20, 0); // columns 20..27 of rows 0..8: no ink in the source
    const inkOutside = fragment(140, 30, 8, 8); // ink at 140..148, 30..38: clear of the digit's 108..119
    expect(digitConditions(string([digit(7, 100, 0, 28)], [blankCrop, inkOutside]))).toEqual([{ clutter: false, crowded: false, small: false }]);
  });

  it('takes the small-size bound and the ink level from the options', () => {
    const s = string([digit(5, 0, 0, 24)]);
    expect(digitConditions(s)[0]!.small).toBe(false);
    expect(digitConditions(s, { smallBelow: 25 })[0]!.small).toBe(true);
    const apart = string([digit(1, 0, 0, 28), digit(2, 16, 0, 28)]); // ink 8..19 and 24..35: 4 empty columns
    expect(digitConditions(apart).map((c) => c.crowded)).toEqual([false, false]);
    expect(digitConditions(apart, { crowdedBelow: 5 }).map((c) => c.crowded)).toEqual([true, true]);
    const faint = blankImage(28, 28);
    faint.pixels.fill(40, 0, 28 * 9); // faint ink in rows 0..8
    const s2 = string([digit(5, 0, 0, 28)], [{ source: faint, digit: 0, index: 0, cropX: 0, cropY: 0, x: 10, y: 10 }]);
    expect(digitConditions(s2)[0]!.clutter).toBe(false); // 40 is not ink by default
    expect(digitConditions(s2, { inkAbove: 30 })[0]!.clutter).toBe(true);
  });

  it('rejects what is not a generated string', () => {
    expect(() => digitConditions({ image: blankImage(4, 4), label: '1' } as unknown as DigitString)).toThrow(/expected a DigitString of makeDigitString/);
  });
});

describe('digitConditionReport', () => {
  it('tallies misread digits per condition (hand-counted)', () => {
    const crowded = string([digit(1, 0, 0, 28), digit(2, 10, 10, 28)]); // both crowded
    const isolated = string([digit(3, 0, 0, 28), digit(4, 60, 0, 28)]);
    const small = string([digit(5, 0, 0, 18)], [fragment(2, 2, 8, 8)]); // small and cluttered
    const report = digitConditionReport(['13', '3', '59'], [crowded, isolated, small]);
    // crowded: 1 of 2 wrong; isolated: "4" dropped; small/clutter: right, with one insertion.
    expect(report.all).toEqual({ digits: 5, errors: 2, errorRate: 0.4 });
    expect(report.crowded).toEqual({ digits: 2, errors: 1, errorRate: 0.5 });
    expect(report.isolated).toEqual({ digits: 2, errors: 1, errorRate: 0.5 });
    expect(report.small).toEqual({ digits: 1, errors: 0, errorRate: 0 });
    expect(report.clutter).toEqual({ digits: 1, errors: 0, errorRate: 0 });
    expect(report.insertions).toBe(1);
  });

  it('on generated strings: no errors when every string is read, all digits when none is', () => {
    const rng = mulberry32(7);
    const strings = Array.from({ length: 150 }, () => makeDigitString(mnistPools().test, rng));
    const right = digitConditionReport(strings.map((s) => s.label), strings);
    const digits = strings.reduce((n, s) => n + s.label.length, 0);
    expect(right.all).toEqual({ digits, errors: 0, errorRate: 0 });
    expect(right.insertions).toBe(0);
    // The generator's conditions all occur, and none covers every digit.
    for (const group of [right.isolated, right.clutter, right.crowded, right.small]) {
      expect(group.digits).toBeGreaterThan(0);
      expect(group.digits).toBeLessThan(digits);
    }
    const none = digitConditionReport(strings.map(() => ''), strings);
    expect(none.all).toEqual({ digits, errors: digits, errorRate: 1 });
    expect(none.isolated.errorRate).toBe(1);
  });

  it('says what it expected', () => {
    const s = string([digit(1, 0, 0, 28)]);
    expect(() => digitConditionReport(['1', '2'], [s])).toThrow(/one DigitString per prediction \(at least one\), got 2 predictions and 1 strings/);
    expect(() => digitConditionReport([], [])).toThrow(/at least one/);
    expect(() => digitConditionReport([1 as unknown as string], [s])).toThrow(/expected string predictions, got number at 0/);
  });
});
