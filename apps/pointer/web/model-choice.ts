/**
 * Which model answers an instance, and when to warn that it is far from its training size. A
 * pointer network answers best at the size it was trained on (the TSP model trained on 10 points,
 * used on 100, gives tours 93% longer than 2-opt), so the page takes the task's model trained
 * nearest the instance's point count, as `seq2seq-pointer solve` does (`nearestShippedModel`: the
 * smaller on a tie), unless the user picked one.
 */
import { describeN } from './describe';
import type { ModelEntry } from './protocol';

/** How far `n` is from the sizes a model was trained on: 0 inside its range, else the gap in points. */
export function distanceToTraining(entry: ModelEntry, n: number): number {
  const [low, high] = Array.isArray(entry.n) ? entry.n : [entry.n, entry.n];
  return n < low ? low - n : n > high ? n - high : 0;
}

/** The model of `models` (one task's, smallest n first) trained nearest `n` points; the smaller on a tie. */
export function nearestModel(models: readonly ModelEntry[], n: number): ModelEntry | null {
  let best: ModelEntry | null = null;
  for (const m of models) if (best === null || distanceToTraining(m, n) < distanceToTraining(best, n)) best = m;
  return best;
}

/** Outside this factor of its training sizes a model's answers are much worse (see the file comment). */
export const SIZE_FACTOR = 2;

/**
 * A warning when `n` points are more than {@link SIZE_FACTOR} times above or below the sizes
 * `entry` was trained on; null when the model is used near its size.
 */
export function sizeWarning(entry: ModelEntry, n: number): string | null {
  const [low, high] = Array.isArray(entry.n) ? entry.n : [entry.n, entry.n];
  if (n < 3 || (n <= high * SIZE_FACTOR && n * SIZE_FACTOR >= low)) return null;
  const direction = n > high ? 'more' : 'fewer';
  return (
    `This model was trained on ${describeN(entry.n).slice(2)} points; this instance has ${n}, far ${direction}. ` +
    `A pointer network answers best near its training size, so expect a much worse answer here ` +
    `(the TSP model trained on 10 points gives tours 93% longer than 2-opt on 100 points).`
  );
}
