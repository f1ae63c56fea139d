/** Exact-match and token-level accuracy, for generated tasks where one answer is right. */
import { DatasetError, describeValue } from '../errors';

/** A prediction or target: a string, or a sequence of tokens or ids. */
export type Sequence = string | ArrayLike<string | number>;

/** Fraction of predictions equal to their target (same string, or same tokens in the same order). */
export function exactMatch(predictions: readonly Sequence[], targets: readonly Sequence[]): number {
  checkPaired(predictions, targets, 'exactMatch');
  let hits = 0;
  predictions.forEach((p, i) => {
    const t = targets[i] as Sequence;
    if (typeof p === 'string' || typeof t === 'string' ? p === t : sameTokens(p, t)) hits++;
  });
  return hits / predictions.length;
}

/**
 * Fraction of target positions where the prediction has the same token: Σ_i #{t < |target_i| :
 * pred_i[t] = target_i[t]} / Σ_i |target_i|. A prediction that is too short misses the
 * positions it lacks; extra predicted tokens are not counted (exact match catches them).
 */
export function tokenAccuracy(predictions: readonly Sequence[], targets: readonly Sequence[]): number {
  checkPaired(predictions, targets, 'tokenAccuracy');
  let correct = 0;
  let total = 0;
  predictions.forEach((p, i) => {
    const t = targets[i] as Sequence;
    for (let k = 0; k < t.length; k++) if (k < p.length && p[k] === t[k]) correct++;
    total += t.length;
  });
  if (total === 0) throw new DatasetError('tokenAccuracy: the targets hold no tokens');
  return correct / total;
}

function sameTokens(a: ArrayLike<string | number>, b: ArrayLike<string | number>): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

function checkPaired(predictions: readonly Sequence[], targets: readonly Sequence[], fn: string): void {
  if (!Array.isArray(predictions) || !Array.isArray(targets) || predictions.length !== targets.length) {
    throw new DatasetError(`${fn}: need one target per prediction, got ${describeValue(predictions)} and ${describeValue(targets)}`);
  }
  if (predictions.length === 0) throw new DatasetError(`${fn}: no predictions to score`);
  [...predictions, ...targets].forEach((s) => {
    if (typeof s !== 'string' && (s == null || typeof s.length !== 'number')) throw new DatasetError(`${fn}: each item must be a string or a token array, got ${describeValue(s)}`);
  });
}
