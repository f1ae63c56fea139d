/**
 * Errors of the text datasets. They say which function was called, what it expected and what it
 * got, so a bad corpus line or a wrong argument is reported where it is made.
 */

import { DatasetError } from '../errors';

export { DatasetError };

/** A row of a tab-separated corpus is malformed; {@link TsvFormatError.line} is 1-based. */
export class TsvFormatError extends DatasetError {
  override name = 'TsvFormatError';

  /**
   * @param message - what was expected and what was found.
   * @param line - 1-based line number of the malformed row.
   * @param origin - where the text came from (a file path, or `'<string>'`).
   */
  constructor(
    message: string,
    readonly line: number,
    readonly origin: string,
  ) {
    super(message);
  }
}

/** Short description of a value for error messages: `"abc"`, `an array of length 3`, `number 2`. */
export function describeValue(x: unknown): string {
  if (x === null) return 'null';
  if (x === undefined) return 'undefined';
  if (Array.isArray(x)) return `an array of length ${x.length}`;
  if (typeof x === 'string') return JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}...` : x);
  if (typeof x === 'object') return `an object with keys [${Object.keys(x).slice(0, 6).join(', ')}]`;
  return `${typeof x} ${String(x)}`;
}

/** Throws a {@link DatasetError} unless `value` is an integer in `[min, max]`; returns it. */
export function checkInteger(value: unknown, argName: string, fnName: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in [${min}, ${max}]`;
    throw new DatasetError(`${fnName}: '${argName}' must be an integer ${range}, got ${describeValue(value)}`);
  }
  return value;
}
