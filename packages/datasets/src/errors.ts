/**
 * The error every deliberate failure of `@seq2seq/datasets` throws: a value given to a dataset
 * function (an argument, a point set, JSON, a corpus) was not what it expects. It is an
 * `InputError`, so a `Seq2SeqError`, like every deliberate error of the `@seq2seq/*` packages
 * (docs/api-contract.md).
 */
import { InputError } from '@seq2seq/core';

/** A value given to a dataset function (argument, points, JSON, corpus) was not what it expects. */
export class DatasetError extends InputError {
  override name = 'DatasetError';
}
