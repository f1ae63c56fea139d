import { describe, expect, it } from 'vitest';
import { DatasetError } from '../errors';
import { CharVocabulary } from './char-vocabulary';

describe('CharVocabulary', () => {
  const vocab = new CharVocabulary();

  it('has tab, newline, printable ASCII and one unknown id', () => {
    expect(vocab.size).toBe(98);
    expect(vocab.unknownId).toBe(97);
    expect([vocab.id('\t'), vocab.id('\n'), vocab.id(' '), vocab.id('A'), vocab.id('~')]).toEqual([0, 1, 2, 35, 96]);
    for (let id = 0; id < vocab.unknownId; id++) expect(vocab.id(vocab.char(id))).toBe(id);
  });

  it('round-trips ASCII text and counts unknown code points', () => {
    const text = 'Anna said: "Levin!"\n\tThe end ~';
    const { ids, unknownChars } = vocab.encode(text);
    expect(unknownChars).toBe(0);
    expect(ids.length).toBe(text.length);
    expect(vocab.decode(ids)).toBe(text);
    const odd = vocab.encode('café\r\n😀!');
    expect(Array.from(odd.ids)).toEqual([vocab.id('c'), vocab.id('a'), vocab.id('f'), 97, 97, 1, 97, vocab.id('!')]);
    expect(odd.unknownChars).toBe(3); // é, \r, and the emoji (one code point, two UTF-16 units)
    expect(vocab.decode(odd.ids)).toBe('caf\uFFFD\uFFFD\n\uFFFD!');
    expect(new CharVocabulary({ unknownText: '?' }).decode(odd.ids)).toBe('caf??\n?!');
  });

  it('rejects bad input with a clear error and round-trips its JSON', () => {
    expect(() => vocab.char(98)).toThrow(DatasetError);
    expect(() => vocab.char(98)).toThrow('id must be an integer in [0, 97], got 98');
    expect(() => vocab.encode(3 as unknown as string)).toThrow('expected a string, got number');
    expect(CharVocabulary.fromJSON(JSON.parse(JSON.stringify(vocab))).size).toBe(98);
    expect(() => CharVocabulary.fromJSON({ type: 'words' })).toThrow(/expected \{ type: 'ascii-chars', version: 1 \}/);
  });
});
