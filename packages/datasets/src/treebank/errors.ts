/**
 * Errors of the treebank datasets. Every one is a {@link DatasetError}; a malformed CoNLL-U line
 * is a {@link ConlluFormatError} that carries its 1-based line number.
 */
import { DatasetError } from '../errors';

export { DatasetError };

/** A CoNLL-U line is malformed; {@link ConlluFormatError.line} is 1-based (0 for the whole input). */
export class ConlluFormatError extends DatasetError {
  override name = 'ConlluFormatError';

  /**
   * @param message - where, what was expected and what was found.
   * @param line - 1-based number of the malformed line (0 when the input as a whole is wrong).
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
