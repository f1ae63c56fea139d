/**
 * Scores for reading digit strings, as the issue-14 quality bar asks for them: sequence accuracy
 * (the whole string right), character error rate, and both by string length.
 */
import { DatasetError } from '../../errors';
import { editDistance } from './edit-distance';

/**
 * Character error rate: total edit distance between predictions and targets over the total
 * target length, `Σ_i lev(pred_i, target_i) / Σ_i |target_i|` (the usual CER of speech and OCR
 * work). It is 0 when all are right and may exceed 1 when predictions are much too long.
 *
 * @throws DatasetError if the lists differ in length, are empty, or the targets are all empty.
 */
export function characterErrorRate(predictions: readonly string[], targets: readonly string[]): number {
  checkPairs(predictions, targets, 'characterErrorRate');
  let edits = 0;
  let length = 0;
  predictions.forEach((p, i) => {
    edits += editDistance(p, targets[i]!);
    length += targets[i]!.length;
  });
  if (length === 0) throw new DatasetError('characterErrorRate: the targets hold no characters');
  return edits / length;
}

/** Scores of one group of digit strings. */
export interface DigitStringScores {
  /** Strings scored. */
  count: number;
  /** Share of predictions exactly equal to their target. */
  sequenceAccuracy: number;
  /** See {@link characterErrorRate}. */
  characterErrorRate: number;
}

/** {@link DigitStringScores} for all strings and per target length. */
export interface DigitStringReport extends DigitStringScores {
  /** One entry per target length present, shortest first. */
  byLength: (DigitStringScores & { length: number })[];
}

/**
 * Sequence accuracy and character error rate of predicted digit strings, overall and by target
 * length (1 to 5 digits for makeDigitString).
 *
 * @throws DatasetError if the lists differ in length or are empty, or a target is empty.
 */
export function digitStringReport(predictions: readonly string[], targets: readonly string[]): DigitStringReport {
  checkPairs(predictions, targets, 'digitStringReport');
  const emptyAt = targets.findIndex((t) => t.length === 0);
  if (emptyAt >= 0) throw new DatasetError(`digitStringReport: expected non-empty targets, got "" at targets[${emptyAt}]`);
  const lengths = [...new Set(targets.map((t) => t.length))].sort((a, b) => a - b);
  return {
    ...scores(predictions, targets),
    byLength: lengths.map((length) => {
      const at = targets.flatMap((t, i) => (t.length === length ? [i] : []));
      return { length, ...scores(at.map((i) => predictions[i]!), at.map((i) => targets[i]!)) };
    }),
  };
}

function scores(predictions: readonly string[], targets: readonly string[]): DigitStringScores {
  const right = predictions.filter((p, i) => p === targets[i]).length;
  return {
    count: predictions.length,
    sequenceAccuracy: right / predictions.length,
    characterErrorRate: characterErrorRate(predictions, targets),
  };
}

function checkPairs(predictions: readonly string[], targets: readonly string[], fn: string): void {
  if (!Array.isArray(predictions) || !Array.isArray(targets) || predictions.length !== targets.length) {
    throw new DatasetError(`${fn}: expected one target per prediction, got ${Array.isArray(predictions) ? predictions.length : typeof predictions} predictions and ${Array.isArray(targets) ? targets.length : typeof targets} targets`);
  }
  if (predictions.length === 0) throw new DatasetError(`${fn}: no predictions to score`);
  const bad = [...predictions, ...targets].findIndex((s) => typeof s !== 'string');
  if (bad >= 0) throw new DatasetError(`${fn}: expected strings, got ${typeof [...predictions, ...targets][bad]}`);
}
