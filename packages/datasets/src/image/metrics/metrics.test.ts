import { describe, expect, it } from 'vitest';
import { corpusBleu } from '../../text/metrics/bleu';
import { captionReport } from './caption-metrics';
import { characterErrorRate, digitStringReport } from './digit-metrics';
import { editDistance } from './edit-distance';

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions (hand-computed)', () => {
    expect(editDistance('', '')).toBe(0);
    expect(editDistance('123', '123')).toBe(0);
    expect(editDistance('', '407')).toBe(3);
    expect(editDistance('407', '')).toBe(3);
    expect(editDistance('40712', '40912')).toBe(1); // one substitution
    expect(editDistance('40712', '4712')).toBe(1); // one deletion
    expect(editDistance('4712', '40712')).toBe(1); // one insertion
    expect(editDistance('kitten', 'sitting')).toBe(3); // the textbook case
    expect(editDistance('12345', '54321')).toBe(4); // 1->5, 2->4, 4->2, 5->1
    expect(editDistance(['a', 'bag'], ['a', 'big', 'bag'])).toBe(1);
  });
});

describe('digit string metrics', () => {
  it('computes CER as total edits over total target length', () => {
    // Edits: 0 + 1 + 2 (two deletions) + 1 (one insertion) = 4; target characters: 5 + 3 + 2 + 1 = 11.
    expect(characterErrorRate(['40712', '129', '', '77'], ['40712', '123', '55', '7'])).toBeCloseTo(4 / 11, 12);
  });

  it('reports sequence accuracy and CER overall and by length', () => {
    const report = digitStringReport(['40712', '129', '55', '8', '3'], ['40712', '123', '55', '7', '3']);
    expect(report.count).toBe(5);
    expect(report.sequenceAccuracy).toBeCloseTo(3 / 5, 12);
    expect(report.characterErrorRate).toBeCloseTo(2 / 12, 12);
    expect(report.byLength).toEqual([
      { length: 1, count: 2, sequenceAccuracy: 0.5, characterErrorRate: 0.5 },
      { length: 2, count: 1, sequenceAccuracy: 1, characterErrorRate: 0 },
      { length: 3, count: 1, sequenceAccuracy: 0, characterErrorRate: 1 / 3 },
      { length: 5, count: 1, sequenceAccuracy: 1, characterErrorRate: 0 },
    ]);
  });

  it('rejects unpaired, empty and non-string input', () => {
    expect(() => characterErrorRate(['1'], ['1', '2'])).toThrow(/one target per prediction, got 1 predictions and 2 targets/);
    expect(() => characterErrorRate([], [])).toThrow(/no predictions/);
    expect(() => characterErrorRate([''], [''])).toThrow(/no characters/);
    expect(() => digitStringReport(['1'], [''])).toThrow(/non-empty targets, got "" at targets\[0\]/);
    expect(() => digitStringReport([1 as unknown as string], ['1'])).toThrow(/expected strings, got number/);
  });
});

describe('captionReport', () => {
  const scene = {
    caption: 'a bag to the left of a sneaker and a boot below the sneaker',
    items: [
      { name: 'bag', column: 0, row: 1 },
      { name: 'sneaker', column: 1, row: 1 },
      { name: 'boot', column: 1, row: 2 },
    ] as const,
  };
  const small = { caption: 'a dress above a shirt', items: [{ name: 'dress', column: 2, row: 0 }, { name: 'shirt', column: 2, row: 1 }] as const };

  it('scores exact, reworded, wrong and ungrammatical captions', () => {
    const predictions = [
      'a bag to the left of a sneaker and a boot below the sneaker', // exact
      'a boot below a sneaker and a bag to the left of the sneaker', // right layout, other wording
      'a dress below a shirt', // wrong relation
      'dress shirt above', // not grammatical
    ];
    const report = captionReport(predictions, [scene, scene, small, small]);
    expect(report.count).toBe(4);
    expect(report.exactMatch).toBe(0.25);
    expect(report.layoutAccuracy).toBe(0.5);
    expect(report.grammatical).toBe(0.75);
    const split = (s: string) => s.split(' ');
    expect(report.bleu).toBeCloseTo(
      corpusBleu([scene, scene, small, small].map((s) => [split(s.caption)]), predictions.map(split)).score,
      12,
    );
    expect(report.bleu).toBeGreaterThan(0);
    expect(report.bleu).toBeLessThan(1);
    expect(captionReport([scene.caption, small.caption], [scene, small])).toEqual({
      count: 2,
      bleu: 1,
      exactMatch: 1,
      layoutAccuracy: 1,
      grammatical: 1,
    });
  });

  it('rejects unpaired lists', () => {
    expect(() => captionReport(['a bag above a boot'], [])).toThrow(/one scene per predicted caption/);
    expect(() => captionReport([], [])).toThrow(/no captions/);
  });
});
