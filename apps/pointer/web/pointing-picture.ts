/**
 * The pointing animation in words: at decoding step k, where the pointer's probability went and
 * which point it took (the picture is drawn by board.ts).
 */
import type { PointingStep } from './protocol';

/** `Step 3 of 11: 81% on point 4 (taken), 12% on point 7, 4% on point 2.` */
export function describePointing(steps: readonly PointingStep[], k: number): string {
  const step = steps[k]!;
  const ranked = step.probs.map((p, i) => ({ p, label: `point ${i}`, i })).concat(step.end > 0 || step.chosen < 0 ? [{ p: step.end, label: 'stop', i: -1 }] : []);
  ranked.sort((a, b) => b.p - a.p);
  const pct = (p: number) => `${(100 * p).toFixed(p < 0.1 ? 1 : 0)}%`;
  const top = ranked.slice(0, 3).map((r) => `${pct(r.p)} on ${r.label}${r.i === step.chosen ? ' (taken)' : ''}`);
  if (!ranked.slice(0, 3).some((r) => r.i === step.chosen)) {
    const taken = ranked.find((r) => r.i === step.chosen)!;
    top.push(`taken: ${taken.label} at ${pct(taken.p)}`);
  }
  return `Step ${k + 1} of ${steps.length}: ${top.join(', ')}.`;
}
