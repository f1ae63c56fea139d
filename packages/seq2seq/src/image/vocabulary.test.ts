/** SymbolVocabulary: characters and words to ids after the three specials, and back; clear errors. */
import { InputError, WeightsError } from '@seq2seq/core';
import { describe, expect, it } from 'vitest';
import { imageTokenBatch } from './batch';
import { SymbolVocabulary } from './vocabulary';

describe('SymbolVocabulary', () => {
  it('maps digits to ids 3-12 and back, stopping at <eos> and skipping <pad> and <sos>', () => {
    const v = SymbolVocabulary.digits();
    expect(v.size).toBe(13);
    expect(v.encode('40712')).toEqual([7, 3, 10, 4, 5]);
    expect(v.decode([1, 7, 3, 0, 10, 2, 4])).toBe('407');
    expect(() => v.encode('4a')).toThrow(InputError);
    expect(() => v.encode('4a')).toThrow(/unknown symbol "a" in "4a"/);
  });

  it('maps words separated by spaces', () => {
    const v = new SymbolVocabulary(['a', 'bag', 'left', 'of'], ' ');
    expect(v.encode('a bag  left of a bag')).toEqual([3, 4, 5, 6, 3, 4]);
    expect(v.decode(v.encode('a bag left of a bag'))).toBe('a bag left of a bag');
  });

  it('round-trips through JSON and rejects malformed JSON and bad symbols', () => {
    const v = new SymbolVocabulary(['x', 'y'], '');
    expect(SymbolVocabulary.fromJSON(JSON.parse(JSON.stringify(v.toJSON()))).tokens).toEqual(['<pad>', '<sos>', '<eos>', 'x', 'y']);
    expect(() => SymbolVocabulary.fromJSON({ tokens: ['x'], separator: '' })).toThrow(WeightsError);
    expect(() => new SymbolVocabulary(['ab'], '')).toThrow(/"ab" is not a valid character symbol/);
    expect(() => new SymbolVocabulary(['x', 'x'])).toThrow(/distinct/);
    expect(() => new SymbolVocabulary(['x'], '-')).toThrow(/'separator' must be/);
  });

  it('packs images and ids into a padded <sos> ... <eos> batch', () => {
    const b = imageTokenBatch({ pixels: new Float32Array(2 * 4), shape: { batch: 2, height: 2, width: 2, channels: 1 } }, [[5, 6, 7], [8]]);
    expect(b.shape).toEqual({ batch: 2, height: 2, width: 2, channels: 1, targetTime: 5 });
    expect(Array.from(b.target)).toEqual([1, 5, 6, 7, 2, 1, 8, 2, 0, 0]);
    expect(Array.from(b.targetLengths)).toEqual([5, 3]);
    expect(() => imageTokenBatch({ pixels: new Float32Array(3), shape: { batch: 2, height: 2, width: 2, channels: 1 } }, [[5], [6]])).toThrow(/must hold .* 8 values, got 3/);
  });
});
