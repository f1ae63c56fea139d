import { describe, expect, it } from 'vitest';
import { DatasetError } from '../../errors';
import { ConlluFormatError } from '../errors';
import { ConlluReader, iterateConllu, iterateConlluAsync, readConllu } from './reader';
import { commentValue, sentenceFromForms } from './sentence';
import { writeConllu } from './writer';

/** CoNLL-U from rows written with spaces for readability: runs of 2+ spaces become tabs. */
const conllu = (...lines: string[]) => `${lines.map((l) => l.replace(/ {2,}/g, '\t')).join('\n')}\n`;

// "I don't know." with the multiword token don't = do + n't, and an empty node 4.1 (invented).
const SAMPLE = conllu(
  '# sent_id = s1',
  "# text = I don't know.",
  '1  I  I  PRON  PRP  Case=Nom  4  nsubj  4:nsubj  _',
  "2-3  don't  _  _  _  _  _  _  _  _",
  '2  do  do  AUX  VBP  _  4  aux  4:aux  _',
  "3  n't  not  PART  RB  _  4  advmod  4:advmod  _",
  '4  know  know  VERB  VB  _  0  root  0:root  SpaceAfter=No',
  '4.1  know  know  VERB  VB  _  _  _  4:conj  CopyOf=4',
  '5  .  .  PUNCT  .  _  4  punct  4:punct  _',
  '',
  '# sent_id = s2',
  '0.1  _  _  _  _  _  _  _  1:dep  _',
  '1  Hello  hello  INTJ  UH  _  _  _  _  _',
  '',
);

describe('readConllu', () => {
  it('reads words, comments, ranges and empty nodes', () => {
    const [s1, s2] = readConllu(SAMPLE);
    expect(s1!.comments).toEqual(['# sent_id = s1', "# text = I don't know."]);
    expect(commentValue(s1!, 'text')).toBe("I don't know.");
    expect(commentValue(s1!, 'newdoc id')).toBeUndefined();
    expect(s1!.words.map((w) => w.form)).toEqual(['I', 'do', "n't", 'know', '.']);
    expect(s1!.words.map((w) => w.head)).toEqual([4, 4, 4, 0, 4]);
    expect(s1!.words[0]).toEqual({ id: 1, form: 'I', lemma: 'I', upos: 'PRON', xpos: 'PRP', feats: 'Case=Nom', head: 4, deprel: 'nsubj', deps: '4:nsubj', misc: '_' });
    expect(s1!.multiwordTokens).toEqual([{ first: 2, last: 3, form: "don't", lemma: '_', upos: '_', xpos: '_', feats: '_', head: '_', deprel: '_', deps: '_', misc: '_' }]);
    expect(s1!.emptyNodes).toMatchObject([{ after: 4, index: 1, form: 'know', deps: '4:conj', misc: 'CopyOf=4' }]);
    expect(s2!.emptyNodes).toMatchObject([{ after: 0, index: 1 }]);
    expect(s2!.words[0]!.head).toBeNull();
  });

  it('writes back the same bytes', () => {
    expect(writeConllu(readConllu(SAMPLE))).toBe(SAMPLE);
  });

  it('accepts CRLF, a byte-order mark, a missing final blank line and repeated blank lines, writing them canonically', () => {
    const crlf = SAMPLE.replace(/\n/g, '\r\n');
    expect(writeConllu(readConllu(crlf))).toBe(SAMPLE);
    expect(writeConllu(readConllu(SAMPLE.trimEnd()))).toBe(SAMPLE);
    expect(writeConllu(readConllu(`\uFEFF${SAMPLE}`))).toBe(SAMPLE);
    expect(writeConllu(readConllu(`\n\n${SAMPLE.replace('\n\n', '\n\n\n\n')}\n\n`))).toBe(SAMPLE);
  });

  it('names the line and what was expected for malformed input', () => {
    const word = (id: string, head = '0') => `${id}\tw\tw\tX\tX\t_\t${head}\tdep\t_\t_`;
    const cases: Array<[string, number, RegExp]> = [
      ['', 0, /empty input: expected at least one sentence/],
      ['\n\n', 0, /empty input/],
      ['1\tHello\thello\n', 1, /line 1: expected 10 tab-separated columns \(ID FORM LEMMA UPOS XPOS FEATS HEAD DEPREL DEPS MISC\), found 3 columns: "1\\tHello\\thello"/],
      [`${word('1')}\tx\n`, 1, /found 11 columns/],
      ['1\tHello\t\tX\tX\t_\t0\troot\t_\t_\n', 1, /column 3 \(LEMMA\) is empty; expected a value, or _/],
      [`${word('1')}\n${word('3', '1')}\n`, 2, /line 2: word ID 3 out of order; expected 2/],
      [`${word('0')}\n`, 1, /ID "0" is not a word ID/],
      [`${word('a')}\n`, 1, /ID "a" is not a word ID \(1, 2, \.\.\.\), a multiword-token range \(3-4\) or an empty node \(5\.1\)/],
      [`${word('1', 'x')}\n`, 1, /HEAD "x" of word 1 is not a word ID; expected 0 \(root\), a word ID of the sentence, or _/],
      [`${word('1', '01')}\n`, 1, /HEAD "01" of word 1/],
      [`${word('1')}\n${word('2', '7')}\n\n`, 2, /line 2: HEAD 7 of word 2 is out of range; expected 0 \(root\) to 2 \(the sentence has 2 words\), or _/],
      [`${word('1')}\n${word('2-1')}\n`, 2, /range 2-1 is empty or reversed/],
      [`${word('1')}\n${word('3-4')}\n`, 2, /range 3-4 out of place; expected a range to come right before its first word \(here, a range starting at 2\)/],
      [`${word('1-2')}\n${word('1')}\n`, 1, /range 1-2 ends after the last word; expected last <= 1/],
      [`${word('1-2')}\n${word('1')}\n${word('2')}\n${word('2-3')}\n`, 4, /range 2-3 out of place|overlaps/],
      [`${word('1')}\n${word('1.2')}\n`, 2, /empty node 1\.2 out of place; expected 1\.1 or word 2/],
      [`${word('1')}\n${word('0.1')}\n`, 2, /empty node 0\.1 out of place; expected 1\.1 or word 2/],
      [`${word('1')}\n${word('2-3')}\n${word('1.1')}\n`, 3, /empty node 1\.1 out of place; expected word 2, the first word of the range/],
      [`${word('1')}\n# late comment\n`, 2, /line 2: a comment line after the word lines/],
      ['# only a comment\n\n', 1, /line 1: the sentence starting here has no word lines/],
    ];
    for (const [text, line, message] of cases) {
      let error: unknown;
      try {
        readConllu(text, { origin: 'test.conllu' });
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(text)).toBeInstanceOf(ConlluFormatError);
      expect(error).toBeInstanceOf(DatasetError);
      expect((error as ConlluFormatError).line, JSON.stringify(text)).toBe(line);
      expect((error as ConlluFormatError).origin).toBe('test.conllu');
      expect((error as Error).message, JSON.stringify(text)).toMatch(message);
      expect((error as Error).message).toMatch(line > 0 ? new RegExp(`^CoNLL-U test.conllu line ${line}: `) : /^CoNLL-U test.conllu: /);
    }
  });

  it('reads a 500-word sentence (length limits belong to models, not the format)', () => {
    const words = Array.from({ length: 500 }, (_, i) => `w${i}`);
    const s = sentenceFromForms(words);
    const [back] = readConllu(writeConllu([s]));
    expect(back!.words).toHaveLength(500);
    expect(back).toEqual(s);
  });
});

describe('streaming', () => {
  it('ConlluReader returns each sentence at its blank line', () => {
    const reader = new ConlluReader();
    const lines = SAMPLE.split('\n');
    const got = lines.map((l) => reader.push(l));
    expect(got.map((s, i) => (s ? i : -1)).filter((i) => i >= 0)).toEqual([9, 13]);
    expect(reader.finish()).toBeUndefined();
    expect(reader.sentenceCount).toBe(2);
    expect(() => reader.push('x')).toThrow(/push\(\) after finish\(\)/);
  });

  it('iterateConllu and iterateConlluAsync yield what readConllu returns', async () => {
    const lines = SAMPLE.split('\n');
    expect([...iterateConllu(lines)]).toEqual(readConllu(SAMPLE));
    async function* source() {
      yield* lines;
    }
    const got = [];
    for await (const s of iterateConlluAsync(source())) got.push(s);
    expect(got).toEqual(readConllu(SAMPLE));
  });
});

describe('writeConllu', () => {
  it('writes a parser input with only ID and FORM', () => {
    expect(writeConllu([sentenceFromForms(['Hi', '!'], ['# sent_id = 1'])])).toBe(conllu('# sent_id = 1', '1  Hi  _  _  _  _  _  _  _  _', '2  !  _  _  _  _  _  _  _  _', ''));
  });

  it('refuses sentences it could not read back', () => {
    const s = sentenceFromForms(['a', 'b']);
    expect(() => writeConllu([{ ...s, comments: ['no hash'] }])).toThrow(/sentence 1: comment "no hash" must be one line starting with #/);
    expect(() => writeConllu([s, { ...s, words: [s.words[1]!] }])).toThrow(/sentence 2: word 1 has ID 2; expected IDs 1..n/);
    expect(() => writeConllu([{ ...s, words: [{ ...s.words[0]!, form: 'a\tb' }, s.words[1]!] }])).toThrow(/FORM of 1 is "a\\tb"; expected a non-empty string without tabs/);
    expect(() => writeConllu([{ ...s, words: [{ ...s.words[0]!, lemma: '' }, s.words[1]!] }])).toThrow(/LEMMA of 1 is ""/);
    expect(() => writeConllu([{ ...s, words: [{ ...s.words[0]!, head: -1 }, s.words[1]!] }])).toThrow(/word 1 has head -1/);
    const range = { first: 2, last: 3, form: 'x', lemma: '_', upos: '_', xpos: '_', feats: '_', head: '_', deprel: '_', deps: '_', misc: '_' };
    expect(() => writeConllu([{ ...s, multiwordTokens: [range] }])).toThrow(/range 2-3 is not within the 2 words/);
  });
});
