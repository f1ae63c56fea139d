import { describe, expect, it } from 'vitest';
import { parseTsv } from '../corpus/tsv';
import { DatasetError } from '../errors';
import { corpusText } from '../test-support';
import { WordTokenizer, defaultWordTokenizerConfig } from './word-tokenizer';

const NNBSP = '\u202f';
const NBSP = '\u00a0';

describe('WordTokenizer, English', () => {
  const en = new WordTokenizer();

  it('splits punctuation off words', () => {
    expect(en.tokenize('Hello, world! How are you?')).toEqual(['Hello', ',', 'world', '!', 'How', 'are', 'you', '?']);
  });

  it('splits English clitics Penn-Treebank style and keeps other apostrophes', () => {
    expect(en.tokenize("I don't know, it's John's o'clock.")).toEqual(['I', 'do', "n't", 'know', ',', 'it', "'s", 'John', "'s", "o'clock", '.']);
    expect(en.tokenize("We're sure they'll say you'd've CAN'T")).toEqual(['We', "'re", 'sure', 'they', "'ll", 'say', "you'd", "'ve", 'CA', "N'T"]);
  });

  it('unifies the typographic apostrophe', () => {
    expect(en.tokenize('Don’t')).toEqual(['Do', "n't"]);
    expect(new WordTokenizer({ unifyApostrophes: false }).tokenize('Don’t')).toEqual(['Do', 'n’t']);
  });

  it('keeps numbers, times, dotted abbreviations and plural possessives whole', () => {
    expect(en.tokenize('At 8:30 a.m. the U.S. paid 3.14 or 1,000 to the boys’ club.')).toEqual([
      'At', '8:30', 'a.m.', 'the', 'U.S.', 'paid', '3.14', 'or', '1,000', 'to', 'the', "boys'", 'club', '.',
    ]);
  });

  it('can keep clitics or split them off', () => {
    expect(new WordTokenizer({ apostrophes: 'none' }).tokenize("don't")).toEqual(["don't"]);
    expect(new WordTokenizer({ apostrophes: 'elision' }).tokenize("don't")).toEqual(["don'", 't']);
  });

  it('lowercases when asked, after NFC normalisation', () => {
    const lower = new WordTokenizer({ lowercase: true });
    expect(lower.tokenize('CAFE\u0301 Déjà')).toEqual(['café', 'déjà']);
    expect(lower.tokenize('CAFE\u0301')[0]).toBe('caf\u00e9');
  });

  it('detokenises to natural English', () => {
    const cases = [
      "I don't know, it's John's.",
      'Wait! Is it 8:30 a.m. in the U.S.?',
      'He said, "Go (now)." Then he left...',
      "That's an old wives' tale.",
      'Well-known: 50% of $10 and/or more; really?!',
      'This will cost €30, #1 in the U.K.',
    ];
    for (const text of cases) expect(en.detokenize(en.tokenize(text))).toBe(text);
  });

  it('rejects unknown or ill-typed options, naming them', () => {
    expect(() => new WordTokenizer({ lowerCase: true } as never)).toThrow(/unknown option 'lowerCase'/);
    expect(() => new WordTokenizer({ apostrophes: 'split' as never })).toThrow(/option 'apostrophes' must be one of "elision", "clitic", "none", got "split"/);
    expect(() => new WordTokenizer({ spaceBeforeHighPunctuation: 'x' })).toThrow(DatasetError);
  });
});

describe('WordTokenizer, French', () => {
  const fr = new WordTokenizer({ language: 'fr' });

  it('has French defaults', () => {
    expect(fr.config).toEqual(defaultWordTokenizerConfig('fr'));
    expect(fr.config.spaceBeforeHighPunctuation).toBe(NNBSP);
  });

  it('splits elisions after the apostrophe, both apostrophes', () => {
    expect(fr.tokenize("l'homme")).toEqual(["l'", 'homme']);
    expect(fr.tokenize('Qu’est-ce qu’il espère jusqu\'à aujourd\'hui ?')).toEqual([
      "Qu'", 'est', '-ce', "qu'", 'il', 'espère', "jusqu'", 'à', "aujourd'", 'hui', '?',
    ]);
  });

  it('treats narrow and ordinary no-break spaces as separators before ! ? : ;', () => {
    for (const space of [NNBSP, NBSP, ' ', `${NNBSP} `, '']) {
      expect(fr.tokenize(`Cours${space}! Quoi${space}? Voici${space}: un${space}; deux`)).toEqual([
        'Cours', '!', 'Quoi', '?', 'Voici', ':', 'un', ';', 'deux',
      ]);
    }
  });

  it('splits guillemets and hyphenated pronouns', () => {
    expect(fr.tokenize(`Dis${NNBSP}: «${NBSP}s'il te plaît${NBSP}». Arrête-toi${NNBSP}!`)).toEqual([
      'Dis', ':', '«', "s'", 'il', 'te', 'plaît', '»', '.', 'Arrête', '-toi', '!',
    ]);
    expect(fr.tokenize('A-t-il un soutien\u2010gorge ?')).toEqual(['A', '-t', '-il', 'un', 'soutien', '\u2010gorge', '?']);
    expect(new WordTokenizer({ language: 'fr', hyphens: 'keep' }).tokenize('Arrête-toi')).toEqual(['Arrête-toi']);
  });

  it('reads a left quotation mark between letters as an apostrophe', () => {
    expect(fr.tokenize('J‘aime')).toEqual(["J'", 'aime']);
  });

  it('detokenises with a narrow no-break space before ! ? : ; and no space after an elision', () => {
    expect(fr.detokenize(['Qu\'', 'est', '-ce', 'que', "l'", 'homme', '?'])).toBe(`Qu'est-ce que l'homme${NNBSP}?`);
    expect(fr.detokenize(['Dis', ':', '«', "s'", 'il', 'te', 'plaît', '»', '.'])).toBe(`Dis${NNBSP}: «${NBSP}s'il te plaît${NBSP}».`);
    expect(fr.detokenize(['Quoi', '?', '!'])).toBe(`Quoi${NNBSP}?!`);
    expect(fr.detokenize(fr.tokenize('Ça coûte 5 $ par jour, 30 € en tout.'))).toBe('Ça coûte 5 $ par jour, 30 € en tout.');
    expect(new WordTokenizer({ language: 'fr', spaceBeforeHighPunctuation: '' }).detokenize(['Va', '!'])).toBe('Va!');
    expect(new WordTokenizer({ language: 'fr', spaceBeforeHighPunctuation: ' ' }).detokenize(['Va', '!'])).toBe('Va !');
  });
});

describe('WordTokenizer on the Tatoeba corpus', () => {
  /** Spacing-insensitive form: one kind of space, none before ! ? : ; » or after «. */
  const canonical = (s: string): string =>
    s
      .normalize('NFC')
      .replace(/[\u2019\u02bc]|(?<=\p{L})\u2018(?=\p{L})/gu, "'")
      .replace(/\s+(?=[!?:;»])/gu, '')
      .replace(/«\s+/gu, '«')
      .replace(/\s+/gu, ' ');

  it('round-trips nearly every sentence, exactly in English and up to spacing kind in French', () => {
    const en = new WordTokenizer({ language: 'en' });
    const fr = new WordTokenizer({ language: 'fr' });
    const sample = parseTsv(corpusText()).filter((_, i) => i % 3 === 0);
    const enMiss = sample.filter(({ source }) => en.detokenize(en.tokenize(source)) !== source.replace(/’/g, "'"));
    const frMiss = sample.filter(({ target }) => canonical(fr.detokenize(fr.tokenize(target))) !== canonical(target));
    // Misses are odd source spellings: "moment ...", "€30", "R&B", "A+", "l''air".
    expect(enMiss.length / sample.length).toBeLessThan(1e-3);
    expect(frMiss.length / sample.length).toBeLessThan(1e-3);
  });

  it('writes U+202F before ! and ? where the corpus has an ordinary space or none', () => {
    const fr = new WordTokenizer({ language: 'fr' });
    expect(fr.detokenize(fr.tokenize('Au feu !'))).toBe(`Au feu${NNBSP}!`);
    expect(fr.detokenize(fr.tokenize(`Qui est cette fille${NNBSP} ?`))).toBe(`Qui est cette fille${NNBSP}?`);
  });
});
