/**
 * What the decoders share about stopping: each input's step limit, and when to drop the rows of
 * finished inputs from the batch.
 */
import { InputError } from '@seq2seq/core';
import type { DecodeOptions } from './types';

/**
 * The step limit of each of `count` inputs from {@link DecodeOptions.maxLength}: one number for
 * all, or one integer >= 0 per input.
 */
export function maxLengths(maxLength: DecodeOptions['maxLength'], count: number, op: string): Int32Array {
  if (typeof maxLength === 'number') {
    if (!(maxLength >= 0)) throw new InputError(`${op}: maxLength must be a number >= 0, got ${maxLength}`);
    return new Int32Array(count).fill(Math.min(Math.floor(maxLength), 2 ** 31 - 1));
  }
  if (maxLength == null || typeof maxLength.length !== 'number') {
    throw new InputError(`${op}: maxLength must be a number or one number per input, got ${String(maxLength)}`);
  }
  if (maxLength.length !== count) throw new InputError(`${op}: maxLength must hold one limit per input (${count}), got ${maxLength.length}`);
  return Int32Array.from({ length: count }, (_, i) => {
    const n = maxLength[i]!;
    if (!Number.isInteger(n) || n < 0) throw new InputError(`${op}: maxLength[${i}] must be an integer >= 0, got ${n}`);
    return n;
  });
}

/**
 * Whether to drop finished inputs from the rows the model runs: when at least an eighth of the
 * inputs still in the rows are finished. Dropping costs a gather of the state (and, for models
 * that cache per-row data such as attention keys, a new cache); keeping a finished input costs
 * its rows in every following step.
 */
export function worthCompacting(inRows: number, stillRunning: number): boolean {
  return stillRunning < inRows && (inRows - stillRunning) * 8 >= inRows;
}
