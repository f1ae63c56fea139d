import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DatasetError } from '../errors';
import { type BleuOptions, corpusBleu, sentenceBleu } from './bleu';

/**
 * Golden values from NLTK 3.8 (`nltk.translate.bleu_score.corpus_bleu` and `sentence_bleu`), made
 * by `/usr/bin/python3 packages/datasets/scripts/make-bleu-fixtures.py`.
 */
interface BleuCase {
  name: string;
  weights: number[];
  smoothing: 'none' | 'method1';
  references: string[][][];
  hypotheses: string[][];
  corpusBleu: number;
  sentenceBleu: number[];
}
const fixture = JSON.parse(readFileSync(new URL('../../../fixtures/text/bleu.json', import.meta.url), 'utf8')) as { nltk: string; cases: BleuCase[] };

/** Agreement to 1e-9 absolute, and to 1e-9 relative for the tiny unsmoothed scores. */
function expectClose(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-9);
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-9 * Math.abs(expected));
}

describe(`BLEU against NLTK ${fixture.nltk}`, () => {
  it('has the fixture cases', () => {
    expect(fixture.cases.length).toBeGreaterThanOrEqual(15);
  });

  for (const c of fixture.cases) {
    it(c.name, () => {
      const options: BleuOptions = { weights: c.weights, smoothing: c.smoothing };
      expectClose(corpusBleu(c.references, c.hypotheses, options).score, c.corpusBleu);
      c.hypotheses.forEach((h, i) => expectClose(sentenceBleu(c.references[i] as string[][], h, options).score, c.sentenceBleu[i] as number));
    });
  }
});

describe('corpusBleu', () => {
  it('reports precisions, brevity penalty and lengths', () => {
    const result = corpusBleu([[['the', 'cat', 'sat', 'on', 'the', 'mat']]], [['the', 'cat', 'sat', 'on']]);
    expect(result.matches).toEqual([4, 3, 2, 1]);
    expect(result.totals).toEqual([4, 3, 2, 1]);
    expect(result.precisions).toEqual([1, 1, 1, 1]);
    expect(result.hypothesisLength).toBe(4);
    expect(result.referenceLength).toBe(6);
    expect(result.brevityPenalty).toBeCloseTo(Math.exp(1 - 6 / 4), 15);
    expect(result.score).toBeCloseTo(Math.exp(1 - 6 / 4), 15);
  });

  it('takes token ids as well as strings', () => {
    const ids = corpusBleu([[Int32Array.from([5, 6, 7, 8, 9])]], [Int32Array.from([5, 6, 7, 8, 9])]);
    expect(ids.score).toBe(1);
  });

  it('rejects mismatched or empty input, naming the argument', () => {
    expect(() => corpusBleu([], [])).toThrow('corpusBleu: no hypotheses to score');
    expect(() => corpusBleu([[['a']]], [['a'], ['b']])).toThrow(/one list of references per hypothesis/);
    expect(() => corpusBleu([[]], [['a']])).toThrow(/references\[0\] must be a non-empty list of sentences, got an array of length 0/);
    expect(() => corpusBleu([['a b' as never]], [['a']])).toThrow(/references\[0\]\[0\] must be an array of tokens, got "a b"/);
    expect(() => corpusBleu([[['a']]], ['a' as never])).toThrow(/hypotheses\[0\] must be an array of tokens/);
    expect(() => corpusBleu([[['a']]], [['a']], { weights: [] })).toThrow(/'weights' must be a non-empty array/);
    expect(() => corpusBleu([[['a']]], [['a']], { smoothing: 'method4' as never })).toThrow(DatasetError);
  });
});
