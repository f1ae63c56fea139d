import { describe, expect, it } from 'vitest';
import { CharTokenizer } from './char-tokenizer';

describe('CharTokenizer', () => {
  it('splits into grapheme clusters after NFC', () => {
    const chars = new CharTokenizer();
    expect(chars.tokenize('23Jan2015')).toEqual(['2', '3', 'J', 'a', 'n', '2', '0', '1', '5']);
    expect(chars.tokenize('Cafe\u0301 👍🏽')).toEqual(['C', 'a', 'f', '\u00e9', ' ', '👍🏽']);
  });

  it('collapses whitespace runs to their first character, keeping a narrow no-break space', () => {
    const chars = new CharTokenizer();
    expect(chars.detokenize(chars.tokenize('  Qui est cette fille\u202f ?  '))).toBe('Qui est cette fille\u202f?');
    expect(new CharTokenizer({ collapseWhitespace: false }).tokenize(' a  b')).toEqual([' ', 'a', ' ', ' ', 'b']);
  });

  it('lowercases and unifies apostrophes on request', () => {
    expect(new CharTokenizer({ lowercase: true, unifyApostrophes: true }).tokenize('L’A')).toEqual(['l', "'", 'a']);
  });

  it('detokenises by concatenation', () => {
    const chars = new CharTokenizer();
    const text = 'JAN 23, 15';
    expect(chars.detokenize(chars.tokenize(text))).toBe(text);
  });
});
