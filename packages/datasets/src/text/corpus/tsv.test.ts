import { describe, expect, it } from 'vitest';
import { TsvFormatError } from '../errors';
import { corpusText } from '../test-support';
import { parseTsv } from './tsv';

describe('parseTsv', () => {
  it('reads two- and three-column rows, ignoring the attribution', () => {
    const text = '\ufeffGo.\tVa !\r\nHi.\tSalut !\tCC-BY 2.0 (France) Attribution: tatoeba.org #538123\n\n  Run!  \t Cours\u202f! \n';
    expect(parseTsv(text)).toEqual([
      { source: 'Go.', target: 'Va !' },
      { source: 'Hi.', target: 'Salut !' },
      { source: 'Run!', target: 'Cours\u202f!' },
    ]);
  });

  it('names the 1-based line and what was expected for a malformed row', () => {
    const oneColumn = 'Go.\tVa !\n\nNo tab here\n';
    expect(() => parseTsv(oneColumn)).toThrow(TsvFormatError);
    expect(() => parseTsv(oneColumn)).toThrow(
      'parseTsv: <string>:3: expected 2 or 3 tab-separated columns: source, target[, attribution], got 1 column (no tab): "No tab here"',
    );
    try {
      parseTsv('a\tb\n\tb', { origin: 'corpus.tsv' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(TsvFormatError);
      expect((e as TsvFormatError).line).toBe(2);
      expect((e as TsvFormatError).origin).toBe('corpus.tsv');
      expect((e as Error).message).toMatch(/^parseTsv: corpus\.tsv:2: .*got an empty source \(column 1\)$/);
    }
    expect(() => parseTsv('a\t  \t x')).toThrow(/:1: .*got an empty target \(column 2\)/);
    expect(() => parseTsv('a\tb\tc\td')).toThrow(/:1: .*got 4 columns/);
  });

  it('returns nothing for empty text', () => {
    expect(parseTsv('')).toEqual([]);
  });
});

describe('parseTsv on the Tatoeba corpus', () => {
  it('reads all 72,979 pairs', () => {
    const pairs = parseTsv(corpusText());
    expect(pairs).toHaveLength(72_979);
    expect(pairs[0]).toEqual({ source: 'Go.', target: 'Va !' });
    expect(pairs[1]).toEqual({ source: 'Run!', target: 'Cours\u202f!' });
  });
});
