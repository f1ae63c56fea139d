import type * as tf from '@tensorflow/tfjs-core';
import { InputError, ShapeError } from './errors';

/**
 * One dimension of an expected shape: a number must match exactly, a string names a free
 * dimension (the same name must take the same size everywhere it appears in one call),
 * `null` matches anything.
 */
export type Dim = number | string | null;

/** Bindings of named dimensions collected while checking several arguments of one call. */
export type DimBindings = Map<string, number>;

const formatShape = (shape: readonly Dim[]): string =>
  `[${shape.map((d) => (d === null ? '?' : String(d))).join(', ')}]`;

/**
 * Checks `x` against an expected shape and dtype; throws a {@link ShapeError} naming the op, the
 * argument and the expected shape otherwise.
 *
 * @example
 * const dims = new Map();
 * checkTensor(x, 'x', 'GRU.forward', ['batch', 'time', 64], dims);
 * checkTensor(h0, 'initialState', 'GRU.forward', ['batch', 256], dims); // same batch as x
 */
export function checkTensor(
  x: unknown,
  argName: string,
  opName: string,
  expected: readonly Dim[],
  bindings: DimBindings = new Map(),
  dtype: tf.DataType | readonly tf.DataType[] = 'float32',
): asserts x is tf.Tensor {
  if (x == null || typeof x !== 'object' || !('shape' in x) || !('dtype' in x)) {
    throw new ShapeError(
      `${opName}: argument '${argName}' must be a tf.Tensor of shape ${formatShape(expected)}, got ${describe(x)}`,
    );
  }
  const t = x as tf.Tensor;
  const dtypes = typeof dtype === 'string' ? [dtype] : dtype;
  if (!dtypes.includes(t.dtype)) {
    throw new ShapeError(
      `${opName}: argument '${argName}' must have dtype ${dtypes.join(' or ')}, got ${t.dtype}`,
    );
  }
  const mismatch = (): ShapeError => {
    const resolved = expected.map((d) => (typeof d === 'string' && bindings.has(d) ? `${d}=${bindings.get(d)}` : d));
    return new ShapeError(
      `${opName}: argument '${argName}' must have shape ${formatShape(resolved)}, got [${t.shape.join(', ')}]`,
    );
  };
  if (t.shape.length !== expected.length) throw mismatch();
  expected.forEach((want, i) => {
    const got = t.shape[i] as number;
    if (want === null) return;
    if (typeof want === 'number') {
      if (got !== want) throw mismatch();
      return;
    }
    const bound = bindings.get(want);
    if (bound === undefined) bindings.set(want, got);
    else if (bound !== got) throw mismatch();
  });
}

/** Throws an {@link InputError} unless `value` is an integer in `[min, max]`. */
export function checkInt(value: unknown, argName: string, opName: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in [${min}, ${max}]`;
    throw new InputError(`${opName}: '${argName}' must be an integer ${range}, got ${describe(value)}`);
  }
  return value;
}

/** Throws an {@link InputError} unless `value` is a finite number in `[min, max]`. */
export function checkNumber(value: unknown, argName: string, opName: string, min = -Infinity, max = Infinity): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new InputError(`${opName}: '${argName}' must be a finite number in [${min}, ${max}], got ${describe(value)}`);
  }
  return value;
}

/** Throws an {@link InputError} unless `value` is one of `options`. */
export function checkOneOf<T extends string>(value: unknown, options: readonly T[], argName: string, opName: string): T {
  if (typeof value !== 'string' || !options.includes(value as T)) {
    throw new InputError(`${opName}: '${argName}' must be one of ${options.map((o) => `'${o}'`).join(', ')}, got ${describe(value)}`);
  }
  return value as T;
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (x === undefined) return 'undefined';
  if (typeof x === 'object' && 'shape' in x) return `a tensor of shape [${(x as tf.Tensor).shape.join(', ')}]`;
  if (Array.isArray(x)) return `an array of length ${x.length}`;
  if (typeof x === 'string') return JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}...` : x);
  return `${typeof x} ${String(x)}`;
}
