/**
 * Errors that say what was expected. Every public op validates its inputs by argument name
 * (as tfjs does with `convertToTensor(x, 'x', 'op')`) so a mistake is reported where it is made,
 * never as a crash deep inside a kernel.
 */

/** Base class of every error this project throws on purpose. */
export class Seq2SeqError extends Error {
  override name = 'Seq2SeqError';
}

/** A tensor argument had the wrong rank, shape or dtype. */
export class ShapeError extends Seq2SeqError {
  override name = 'ShapeError';
}

/** A value (config field, token, file) was not what the API expects. */
export class InputError extends Seq2SeqError {
  override name = 'InputError';
}

/** A weight file or checkpoint is malformed, truncated, or does not match the model. */
export class WeightsError extends Seq2SeqError {
  override name = 'WeightsError';
}

/** Training produced a non-finite loss or gradient; the last good weights were kept. */
export class DivergenceError extends Seq2SeqError {
  override name = 'DivergenceError';
}
