import { InputError, Seq2SeqError } from '@seq2seq/core';
import { describe, expect, it } from 'vitest';
import { DatasetError, TsvFormatError, convexHull, parseTsv, tourLength } from './index';

/** What a caller catches: every deliberate failure is a DatasetError, an InputError, a Seq2SeqError. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('datasets errors follow the API contract', () => {
  it('geometry input errors are DatasetErrors (InputError, Seq2SeqError) that say what was expected', () => {
    const few = thrown(() => convexHull([[0, 0]]));
    expect(few).toBeInstanceOf(DatasetError);
    expect(few).toBeInstanceOf(InputError);
    expect(few).toBeInstanceOf(Seq2SeqError);
    expect((few as Error).message).toMatch(/convexHull: expected 'points' to hold at least 3 points, got 1/);
    const notPoints = thrown(() => convexHull('abc' as never));
    expect(notPoints).toBeInstanceOf(DatasetError);
    expect(thrown(() => tourLength([[0, 0], [1, 0], [0, 1]], [0, 0, 1]))).toBeInstanceOf(DatasetError);
  });

  it('a malformed corpus row is a TsvFormatError, also a Seq2SeqError, with its line', () => {
    const error = thrown(() => parseTsv('a\tb\nno tab here\n'));
    expect(error).toBeInstanceOf(TsvFormatError);
    expect(error).toBeInstanceOf(Seq2SeqError);
    expect((error as TsvFormatError).line).toBe(2);
  });
});
