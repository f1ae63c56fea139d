import { describe, expect, it } from 'vitest';
import { parseTsv } from '../corpus/tsv';
import { DatasetError } from '../errors';
import { corpusText } from '../test-support';
import { WordTokenizer } from '../tokenize/word-tokenizer';
import { EOS_ID, PAD_ID, SOS_ID, SPECIAL_TOKENS, UNK, UNK_ID } from './specials';
import { Vocabulary } from './vocabulary';

const streams = [
  ['le', 'chat', 'mange', '.'],
  ['le', 'chien', 'mange', 'le', 'chat', '.'],
  ['un', 'chat', '!'],
];

describe('Vocabulary', () => {
  it('puts the specials at 0..3, then tokens by frequency, ties in code-unit order', () => {
    const vocab = Vocabulary.build(streams);
    expect([PAD_ID, SOS_ID, EOS_ID, UNK_ID]).toEqual([0, 1, 2, 3]);
    expect(vocab.tokens).toEqual([...SPECIAL_TOKENS, 'chat', 'le', '.', 'mange', '!', 'chien', 'un']);
    expect(vocab.size).toBe(11);
  });

  it('keeps tokens by minimum frequency and caps the size, specials included', () => {
    expect(Vocabulary.build(streams, { minFrequency: 2 }).tokens.slice(4)).toEqual(['chat', 'le', '.', 'mange']);
    const small = Vocabulary.build(streams, { maxSize: 6 });
    expect(small.size).toBe(6);
    expect(small.tokens.slice(4)).toEqual(['chat', 'le']);
  });

  it('encodes with and without <sos>/<eos>, unknown tokens as <unk>', () => {
    const vocab = Vocabulary.build(streams);
    expect(vocab.encode(['le', 'chat', 'dort'])).toEqual([5, 4, UNK_ID]);
    expect(vocab.encode(['le', 'chat'], { addSos: true, addEos: true })).toEqual([SOS_ID, 5, 4, EOS_ID]);
  });

  it('decodes, stopping at <eos> and dropping <pad>/<sos> unless asked not to', () => {
    const vocab = Vocabulary.build(streams);
    const ids = Int32Array.from([SOS_ID, 5, 4, UNK_ID, EOS_ID, 6, PAD_ID]);
    expect(vocab.decode(ids)).toEqual(['le', 'chat', UNK]);
    expect(vocab.decode(ids, { stopAtEos: false })).toEqual(['le', 'chat', UNK, '.']);
    expect(vocab.decode(ids, { stopAtEos: false, skipSpecials: false })).toEqual(['<sos>', 'le', 'chat', UNK, '<eos>', '.', '<pad>']);
    expect(() => vocab.decode([99])).toThrow(/id must be an integer in \[0, 10\], got number 99/);
  });

  it('maps a literal special in the text to the special, without a second id', () => {
    const vocab = Vocabulary.build([['<unk>', 'a', '<pad>']]);
    expect(vocab.tokens).toEqual([...SPECIAL_TOKENS, 'a']);
    expect(vocab.encode(['<pad>'])).toEqual([PAD_ID]);
  });

  it('round-trips through JSON', () => {
    const vocab = Vocabulary.build(streams);
    const back = Vocabulary.fromJSON(JSON.parse(JSON.stringify(vocab)));
    expect(back.tokens).toEqual(vocab.tokens);
    expect(Vocabulary.fromJSON(JSON.stringify(vocab)).idOf('chien')).toBe(vocab.idOf('chien'));
    expect(Vocabulary.fromTokens(['x', 'y']).tokens).toEqual([...SPECIAL_TOKENS, 'x', 'y']);
  });

  it('says what it expected when the JSON is not a vocabulary', () => {
    expect(() => Vocabulary.fromJSON('nope')).toThrow(/not JSON.*expected \{"type": "vocabulary"/);
    expect(() => Vocabulary.fromJSON(['<pad>'])).toThrow(/expected \{"type": "vocabulary", "version": 1, "tokens": \["<pad>", "<sos>", "<eos>", "<unk>", \.\.\.\]\}, got an array/);
    expect(() => Vocabulary.fromJSON({ type: 'word', version: 1, config: {} })).toThrow(/got type "word"/);
    expect(() => Vocabulary.fromJSON({ type: 'vocabulary', version: 1, tokens: 'abc' })).toThrow(/got tokens "abc"/);
    expect(() => Vocabulary.fromJSON({ type: 'vocabulary', version: 1, tokens: ['<pad>', '<sos>', '<eos>', 3] })).toThrow(/tokens\[3\] must be a string/);
    expect(() => Vocabulary.fromJSON({ type: 'vocabulary', version: 1, tokens: ['<pad>', '<eos>', '<sos>', '<unk>'] })).toThrow(
      /tokens\[1\] must be the special token "<sos>"/,
    );
    expect(() => Vocabulary.fromJSON({ type: 'vocabulary', version: 1, tokens: [...SPECIAL_TOKENS, 'a', 'a'] })).toThrow(/"a" appears twice \(ids 4 and 5\)/);
  });

  it('rejects bad build options and streams', () => {
    expect(() => Vocabulary.build(streams, { maxSize: 3 })).toThrow(/'maxSize' must be an integer >= 4, got number 3/);
    expect(() => Vocabulary.build(streams, { minFrequency: 0.5 })).toThrow(DatasetError);
    expect(() => Vocabulary.build(['a b' as never])).toThrow(/each stream must be an array of tokens/);
  });
});

describe('Vocabulary of the Tatoeba corpus', () => {
  it('covers most French tokens with a few thousand words', () => {
    const fr = new WordTokenizer({ language: 'fr', lowercase: true });
    const tokens = parseTsv(corpusText())
      .filter((_, i) => i % 4 === 0)
      .map((p) => fr.tokenize(p.target));
    const vocab = Vocabulary.build(tokens, { minFrequency: 2, maxSize: 6000 });
    expect(vocab.size).toBeGreaterThan(3000);
    expect(vocab.size).toBeLessThanOrEqual(6000);
    let known = 0;
    let total = 0;
    for (const t of tokens) for (const id of vocab.encode(t)) (total++, id !== UNK_ID && known++);
    expect(known / total).toBeGreaterThan(0.95);
  });
});
