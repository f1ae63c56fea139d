import { VizError } from './errors';

/** Numbers as plain arrays or typed arrays. */
export type Numbers = readonly number[] | Float32Array | Float64Array;

/** A matrix: rows of equal length, each plain numbers or a typed array. */
export type Matrix = readonly Numbers[];

/** Checks `values` are finite numbers; names the argument and the first bad index. */
export function finiteValues(values: Numbers, name: string): number[] {
  const out = Array.from(values);
  const bad = out.findIndex((v) => typeof v !== 'number' || !Number.isFinite(v));
  if (bad >= 0) throw new VizError(`${name}[${bad}] is ${String(out[bad])}; expected a finite number`);
  return out;
}

/** Checks a matrix is rectangular (`rows` x `cols` when given) and finite; returns it as number[][]. */
export function rectangular(matrix: Matrix, name: string, shape: { rows?: number; cols?: number } = {}): number[][] {
  if (!Array.isArray(matrix)) throw new VizError(`${name} must be an array of rows; got ${typeof matrix}`);
  if (shape.rows !== undefined && matrix.length !== shape.rows) {
    throw new VizError(`${name} has ${matrix.length} rows; expected ${shape.rows}`);
  }
  const cols = shape.cols ?? matrix[0]?.length ?? 0;
  return matrix.map((row, r) => {
    if (row.length !== cols) throw new VizError(`${name} is ragged: row ${r} has ${row.length} values, expected ${cols}`);
    return finiteValues(row, `${name}[${r}]`);
  });
}

/**
 * Checks an attention-like matrix and its labels: `weights` rectangular and finite, one row label
 * per row and one column label per column. Returns the checked parts.
 */
export function labelledMatrix(weights: Matrix, rowLabels: readonly string[], colLabels: readonly string[], names: { weights: string; rows: string; cols: string }): { weights: number[][]; rows: string[]; cols: string[] } {
  const checked = rectangular(weights, names.weights);
  const cols = checked[0]?.length ?? colLabels.length;
  return {
    weights: checked,
    rows: labelCount(rowLabels, checked.length, names.rows, `row of ${names.weights}`),
    cols: labelCount(colLabels, cols, names.cols, `column of ${names.weights}`),
  };
}

/** Checks there is one label per position. */
export function labelCount(labels: readonly string[], expected: number, name: string, what: string): string[] {
  if (labels.length !== expected) {
    throw new VizError(`${name} has ${labels.length} labels; expected ${expected} (one per ${what})`);
  }
  return labels.map(String);
}
