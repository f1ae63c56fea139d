import * as tf from '@tensorflow/tfjs-core';

/** Numbers as tests write them: flat or nested arrays, typed arrays, or one number. */
export type NumericLike = number | ArrayLike<number> | NumericLike[];

/** How many mismatching elements a failure message lists. */
const SHOWN = 5;

/**
 * Asserts that `actual` equals `expected` element by element within `tol`:
 * `|actual − expected| ≤ tol · (1 + |expected|)` (absolute near zero, relative for large values).
 * NaN matches NaN and infinities must match exactly. When both sides have a shape (a tensor, or a
 * nested array), the shapes must agree; otherwise only the element counts must.
 *
 * Reads tensors with `await tensor.data()`, so it works on every backend (WebGPU cannot read
 * synchronously in Node): always `await` it. Does not dispose its inputs.
 *
 * @param actual - the tensor or numbers under test.
 * @param expected - the reference values.
 * @param tol - tolerance; pass the suite's `tolerance` from `describeBackends`. Default 1e-5.
 * @throws Error listing the shapes or the first mismatching elements.
 */
export async function expectClose(
  actual: tf.Tensor | NumericLike,
  expected: tf.Tensor | NumericLike,
  tol = 1e-5,
): Promise<void> {
  if (!(tol >= 0)) throw new Error(`expectClose: tol must be a number ≥ 0, got ${tol}`);
  const [a, aShape] = await values(actual);
  const [e, eShape] = await values(expected);
  if (aShape && eShape && !sameShape(aShape, eShape)) {
    throw new Error(`expectClose: shape [${aShape.join(', ')}] differs from expected [${eShape.join(', ')}]`);
  }
  if (a.length !== e.length) {
    throw new Error(`expectClose: ${a.length} elements differ from the ${e.length} expected`);
  }
  const bad: string[] = [];
  let worst = 0;
  let count = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = e[i] as number;
    if (close(x, y, tol)) continue;
    count++;
    worst = Math.max(worst, Math.abs(x - y));
    if (bad.length < SHOWN) bad.push(`  [${i}] ${x} vs expected ${y}`);
  }
  if (count > 0) {
    throw new Error(
      `expectClose: ${count} of ${a.length} elements differ by more than tol=${tol} ` +
        `(largest difference ${worst}):\n${bad.join('\n')}${count > SHOWN ? '\n  ...' : ''}`,
    );
  }
}

function close(x: number, y: number, tol: number): boolean {
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) && Number.isNaN(y);
  if (!Number.isFinite(x) || !Number.isFinite(y)) return x === y;
  return Math.abs(x - y) <= tol * (1 + Math.abs(y));
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Flat values, and the shape where one is known. */
async function values(x: tf.Tensor | NumericLike): Promise<[ArrayLike<number>, number[] | null]> {
  if (x instanceof tf.Tensor) return [(await x.data()) as ArrayLike<number>, x.shape];
  if (typeof x === 'number') return [[x], null];
  if (Array.isArray(x) && x.some((item) => typeof item !== 'number')) {
    return [(x as unknown[]).flat(Infinity) as number[], nestedShape(x)];
  }
  return [x as ArrayLike<number>, null];
}

/** The shape of a nested array, `[2, 3]` for `[[1, 2, 3], [4, 5, 6]]`. */
function nestedShape(x: unknown): number[] {
  const shape: number[] = [];
  let level: unknown = x;
  while (Array.isArray(level) || ArrayBuffer.isView(level)) {
    const list = level as ArrayLike<unknown>;
    shape.push(list.length);
    level = list[0];
  }
  return shape;
}
