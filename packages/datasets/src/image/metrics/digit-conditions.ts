/**
 * Where the reading errors come from. Every digit of a generated string (makeDigitString) is read
 * under some of the generator's hard conditions: a clutter fragment's ink inside its ink box, a
 * neighbour's ink a few columns away (or overlapping), a small size. Aligning each prediction with its label
 * (a minimal edit script) marks every label digit read or misread (substituted or dropped), and
 * the error rate per condition says which condition costs most, against the digits read under
 * none of them ("isolated"): a reader that misreads isolated digits needs better digit
 * recognition (more data, augmentation), one that misreads only crowded or cluttered digits
 * needs to tell digits apart from their surroundings.
 */
import { DatasetError } from '../../errors';
import { DIGIT_STRING, type DigitString } from '../digit-string';
import type { GrayImage } from '../gray-image';

/** Options of {@link digitConditions} and {@link digitConditionReport}. */
export interface DigitConditionOptions {
  /** A digit resized to fewer pixels than this is "small". Default 22 (sizes 18-21 of 18-32). */
  smallBelow?: number;
  /** A digit whose ink box is fewer than this many columns from a neighbour's (or overlaps it) is "crowded". Default 4. */
  crowdedBelow?: number;
  /** A pixel above this value is ink. Default 63 (a quarter of full ink). */
  inkAbove?: number;
}

/** The hard conditions one placed digit is read under. */
export interface DigitConditions {
  /** A clutter fragment's ink lies inside the digit's ink box. */
  clutter: boolean;
  /** A neighbouring digit's ink box is fewer than `crowdedBelow` columns from the digit's (or overlaps it). */
  crowded: boolean;
  /** The digit was resized to fewer than `smallBelow` pixels. */
  small: boolean;
}

/** Digits read under one condition, and how many of them were misread. */
export interface ConditionScores {
  /** Label digits under the condition. */
  digits: number;
  /** Of them, substituted or dropped by the prediction. */
  errors: number;
  /** `errors / digits` (0 when there are none). */
  errorRate: number;
}

/** {@link ConditionScores} for every condition, see {@link digitConditionReport}. */
export interface DigitConditionReport {
  /** Every label digit. */
  all: ConditionScores;
  /** Digits under none of the conditions. */
  isolated: ConditionScores;
  /** Digits with clutter ink inside their ink box (whatever else). */
  clutter: ConditionScores;
  /** Crowded digits (whatever else). */
  crowded: ConditionScores;
  /** Small digits (whatever else). */
  small: ConditionScores;
  /** Predicted digits that match no label digit (inserted), over all strings. */
  insertions: number;
}

/** An inclusive pixel box on the canvas, or null when there is no ink. */
interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

const DEFAULTS: Required<DigitConditionOptions> = { smallBelow: 22, crowdedBelow: 4, inkAbove: 63 };

/**
 * The conditions each digit of `string` is read under, in label order.
 *
 * @throws DatasetError if `string` is not a {@link DigitString} (digits and clutter as placed).
 */
export function digitConditions(string: DigitString, options: DigitConditionOptions = {}): DigitConditions[] {
  const { smallBelow, crowdedBelow, inkAbove } = { ...DEFAULTS, ...options };
  if (!string || !Array.isArray(string.digits) || !Array.isArray(string.clutter)) {
    throw new DatasetError(`digitConditions: expected a DigitString of makeDigitString (with digits and clutter), got ${typeof string}`);
  }
  const digitBoxes = string.digits.map((d) => {
    const ink = inkBox(d.source, 0, 0, d.source.width, d.source.height, inkAbove);
    // The source's ink box scaled as resizeBilinear scales the whole source to size x size.
    const sx = d.size / d.source.width;
    const sy = d.size / d.source.height;
    return ink && { left: d.x + Math.floor(ink.left * sx), top: d.y + Math.floor(ink.top * sy), right: d.x + Math.ceil((ink.right + 1) * sx) - 1, bottom: d.y + Math.ceil((ink.bottom + 1) * sy) - 1 };
  });
  const side = DIGIT_STRING.clutterSize;
  const fragmentBoxes = string.clutter.map((f) => {
    const ink = inkBox(f.source, f.cropX, f.cropY, side, side, inkAbove);
    return ink && { left: f.x + ink.left - f.cropX, top: f.y + ink.top - f.cropY, right: f.x + ink.right - f.cropX, bottom: f.y + ink.bottom - f.cropY };
  });
  return string.digits.map((d, i) => {
    const box = digitBoxes[i] ?? null;
    const neighbours = [digitBoxes[i - 1], digitBoxes[i + 1]];
    return {
      clutter: fragmentBoxes.some((f) => intersects(box, f ?? null)),
      crowded: neighbours.some((n) => !!box && !!n && columnGap(box, n) < crowdedBelow),
      small: d.size < smallBelow,
    };
  });
}

/**
 * For each character of `target`, whether `prediction` misreads it under a minimal edit script
 * (Levenshtein alignment, substitutions preferred over a deletion and an insertion): true where it is
 * substituted or dropped. Also returns the number of inserted characters.
 */
export function misreadCharacters(prediction: string, target: string): { misread: boolean[]; insertions: number } {
  const n = prediction.length;
  const m = target.length;
  // d[i][j]: edits turning prediction[0, i) into target[0, j).
  const d = Array.from({ length: n + 1 }, (_, i) => Array.from({ length: m + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (prediction[i - 1] === target[j - 1] ? 0 : 1));
    }
  }
  const misread = new Array<boolean>(m).fill(false);
  let insertions = 0;
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    if (i > 0 && j > 0 && d[i]![j] === d[i - 1]![j - 1]! + (prediction[i - 1] === target[j - 1] ? 0 : 1)) {
      misread[j - 1] = prediction[i - 1] !== target[j - 1];
      i--;
      j--;
    } else if (j > 0 && d[i]![j] === d[i]![j - 1]! + 1) {
      misread[j - 1] = true; // dropped
      j--;
    } else {
      insertions++;
      i--;
    }
  }
  return { misread, insertions };
}

/**
 * The per-digit error rate of `predictions` on generated `strings`, overall, for isolated digits
 * and under each hard condition (module comment). A digit under two conditions counts in both.
 *
 * @throws DatasetError if the lists differ in length or are empty, a prediction is not a string,
 *   or a string is not a {@link DigitString}.
 */
export function digitConditionReport(predictions: readonly string[], strings: readonly DigitString[], options: DigitConditionOptions = {}): DigitConditionReport {
  if (!Array.isArray(predictions) || !Array.isArray(strings) || predictions.length !== strings.length || predictions.length === 0) {
    throw new DatasetError(`digitConditionReport: expected one DigitString per prediction (at least one), got ${Array.isArray(predictions) ? predictions.length : typeof predictions} predictions and ${Array.isArray(strings) ? strings.length : typeof strings} strings`);
  }
  const groups = { all: tally(), isolated: tally(), clutter: tally(), crowded: tally(), small: tally() };
  let insertions = 0;
  predictions.forEach((prediction, k) => {
    if (typeof prediction !== 'string') throw new DatasetError(`digitConditionReport: expected string predictions, got ${typeof prediction} at ${k}`);
    const string = strings[k]!;
    const conditions = digitConditions(string, options);
    const read = misreadCharacters(prediction, string.label);
    insertions += read.insertions;
    conditions.forEach((c, j) => {
      const wrong = read.misread[j]!;
      const count = (t: Tally) => {
        t.digits++;
        if (wrong) t.errors++;
      };
      count(groups.all);
      if (!c.clutter && !c.crowded && !c.small) count(groups.isolated);
      if (c.clutter) count(groups.clutter);
      if (c.crowded) count(groups.crowded);
      if (c.small) count(groups.small);
    });
  });
  const scores = (t: Tally): ConditionScores => ({ ...t, errorRate: t.digits ? t.errors / t.digits : 0 });
  return {
    all: scores(groups.all),
    isolated: scores(groups.isolated),
    clutter: scores(groups.clutter),
    crowded: scores(groups.crowded),
    small: scores(groups.small),
    insertions,
  };
}

interface Tally {
  digits: number;
  errors: number;
}

const tally = (): Tally => ({ digits: 0, errors: 0 });

/** Empty columns between two boxes side by side (negative when they overlap). */
function columnGap(a: Box, b: Box): number {
  return Math.max(a.left, b.left) - Math.min(a.right, b.right) - 1;
}

function intersects(a: Box | null, b: Box | null): boolean {
  return !!a && !!b && a.left <= b.right && b.left <= a.right && a.top <= b.bottom && b.top <= a.bottom;
}

/** The ink box of `image`'s region (left, top, width, height), in region coordinates plus (left, top). */
function inkBox(image: GrayImage, left: number, top: number, width: number, height: number, inkAbove: number): Box | null {
  let box: Box | null = null;
  for (let y = top; y < Math.min(top + height, image.height); y++) {
    for (let x = left; x < Math.min(left + width, image.width); x++) {
      if (image.pixels[y * image.width + x]! <= inkAbove) continue;
      if (!box) box = { left: x, top: y, right: x, bottom: y };
      else {
        box.left = Math.min(box.left, x);
        box.right = Math.max(box.right, x);
        box.top = Math.min(box.top, y);
        box.bottom = Math.max(box.bottom, y);
      }
    }
  }
  return box;
}
