/**
 * Scores of one answer against its reference, with the per-instance metrics of
 * `@seq2seq/datasets` that `evaluateConvexHull`, `evaluateDelaunay` and `evaluateTsp` average
 * over a test set (Vinyals et al. 2015, Table 1, section 4.3, Table 2): hull exact and area
 * coverage; Delaunay triangle coverage; tour length against the reference and the gap.
 */
import { decodeTriangles, scoreConvexHull, scoreDelaunay, scoreTour, type Point, type Triangle } from '@seq2seq/datasets';
import type { Reference } from './reference';
import type { PageTask } from './tasks';

/** One answer's scores, as the page shows them. */
export interface InstanceScore {
  /** The answer is well formed (a simple polygon, distinct triangles, a permutation). */
  valid: boolean;
  /** The answer equals the reference (same hull, same triangles, same cycle). */
  exact: boolean;
  /** What the page lists, in order: label and value. */
  rows: Array<[label: string, value: string]>;
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

/**
 * A gap as a signed percentage with one decimal: `+12.3%`, `-0.4%`, and `0.0%` for anything that
 * rounds to zero (never `-0.0%`: a tour a hair shorter than the reference is as long as it).
 */
export function formatGap(gap: number): string {
  const text = (100 * gap).toFixed(1);
  if (Number(text) === 0) return '0.0%';
  return `${gap > 0 ? '+' : ''}${text}%`;
}
const yesNo = (x: boolean): string => (x ? 'yes' : 'no');

/** Scores `output` (the model's answer in input indices) on `points` against `reference`. */
export function scoreAnswer(task: PageTask, points: readonly Point[], output: readonly number[], reference: Reference): InstanceScore {
  if (task === 'hull') {
    const s = scoreConvexHull(points, output, reference.output);
    return { valid: s.valid, exact: s.exact, rows: [['exact hull', yesNo(s.exact)], ['area coverage', pct(s.coverage)], ['valid polygon', yesNo(s.valid)]] };
  }
  if (task === 'delaunay') {
    const truth: Triangle[] = decodeTriangles(reference.output).map(([a, b, c]) => [a!, b!, c!] as const);
    const s = scoreDelaunay(points, output, truth);
    const found = Math.round(s.coverage * truth.length);
    return {
      valid: s.valid,
      exact: s.exact,
      rows: [
        ['triangle coverage', `${pct(s.coverage)} (${found} of ${truth.length} Delaunay triangles; ${Math.floor(output.length / 3)} predicted)`],
        ['exact triangulation', yesNo(s.exact)],
        ['valid triangles', yesNo(s.valid)],
      ],
    };
  }
  const s = scoreTour(points, output, reference.output);
  const against = reference.exact ? 'optimal' : '2-opt';
  return {
    valid: s.valid,
    exact: s.exact,
    rows: [
      ['tour length', s.valid ? s.length.toFixed(4) : 'invalid tour'],
      [`${against} length`, s.referenceLength.toFixed(4)],
      [`gap to ${against}`, s.valid ? formatGap(s.gap) : '—'],
      [`same tour as the ${against} one`, yesNo(s.exact)],
    ],
  };
}
