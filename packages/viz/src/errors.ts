/**
 * The one error this package throws on purpose: input that does not fit the picture (a ragged
 * matrix, a label count that does not match, a non-positive value on a log scale). The message
 * says which argument was wrong and what was expected.
 *
 * Porting note: the other `@seq2seq/*` libraries throw `Seq2SeqError` subclasses from
 * `@seq2seq/core`; core loads TensorFlow.js, which this package must not, so it has its own
 * class, named the same way (`error.name === 'VizError'`).
 */
export class VizError extends Error {
  override readonly name: string = 'VizError';
}
