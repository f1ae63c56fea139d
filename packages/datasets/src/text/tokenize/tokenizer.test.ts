import { describe, expect, it } from 'vitest';
import { DatasetError } from '../errors';
import { CharTokenizer } from './char-tokenizer';
import { tokenizerFromJSON } from './tokenizer';
import { WordTokenizer } from './word-tokenizer';

describe('tokenizerFromJSON', () => {
  it('rebuilds word and char tokenisers from their JSON, object or string', () => {
    const fr = new WordTokenizer({ language: 'fr', lowercase: true });
    const back = tokenizerFromJSON(JSON.stringify(fr));
    expect(back).toBeInstanceOf(WordTokenizer);
    expect(back.toJSON()).toEqual(fr.toJSON());
    expect(back.tokenize("L'homme !")).toEqual(["l'", 'homme', '!']);

    const chars = new CharTokenizer({ collapseWhitespace: false });
    const charsBack = tokenizerFromJSON(chars.toJSON());
    expect(charsBack).toBeInstanceOf(CharTokenizer);
    expect(charsBack.toJSON()).toEqual(chars.toJSON());
  });

  it('says what it expected when given something else', () => {
    expect(() => tokenizerFromJSON('{oops')).toThrow(/not JSON/);
    expect(() => tokenizerFromJSON([1])).toThrow(/expected \{"type": "word" \| "char".*got an array of length 1/);
    expect(() => tokenizerFromJSON({ type: 'bpe', version: 1, config: {} })).toThrow(/got type "bpe"/);
    expect(() => tokenizerFromJSON({ type: 'word', version: 2, config: {} })).toThrow(/got version number 2/);
    expect(() => tokenizerFromJSON({ type: 'word', version: 1 })).toThrow(/got config undefined/);
    expect(() => tokenizerFromJSON({ type: 'word', version: 1, config: { lowercase: 'yes' } })).toThrow(DatasetError);
  });
});
