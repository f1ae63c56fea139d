/**
 * The pointing animation's picture: at decoding step k, the answer written so far (steps 0..k-1,
 * drawn open) and the pointer's distribution over the points as discs whose area is the
 * probability, the point it takes at this step ringed. One module for this picture, so a shared
 * renderer can replace it.
 */
import type { Point } from '@seq2seq/datasets';
import { canvasPosition, drawScene } from './draw';
import type { PointingStep } from './protocol';
import type { PageTask } from './tasks';

/** Colour of the distribution's discs (the page's legend uses the same). */
export const POINTER_COLOUR = '#8e44ad';

/** Largest disc radius in CSS pixels (probability 1). */
const MAX_RADIUS = 22;

/** What to draw at one step. */
export interface PointingScene {
  task: PageTask;
  points: readonly Point[];
  steps: readonly PointingStep[];
  /** The step shown, 0 .. steps.length - 1. */
  k: number;
}

/** The answer's first `k` outputs (input indices; the end is not an output). */
export function answerBefore(steps: readonly PointingStep[], k: number): number[] {
  return steps.slice(0, k).map((s) => s.chosen).filter((i) => i >= 0);
}

/** Draws step `scene.k`, replacing what the canvas held. */
export function drawPointing(canvas: HTMLCanvasElement, scene: PointingScene): void {
  const step = scene.steps[scene.k]!;
  drawScene(canvas, { task: scene.task, points: scene.points, answer: answerBefore(scene.steps, scene.k), reference: null, partial: true });
  const ctx = canvas.getContext('2d')!;
  step.probs.forEach((p, i) => {
    if (p < 0.005) return;
    const { x, y, scale } = canvasPosition(canvas, scene.points[i]!);
    ctx.globalAlpha = 0.35;
    ctx.fillStyle = POINTER_COLOUR;
    ctx.beginPath();
    ctx.arc(x, y, Math.max(3, MAX_RADIUS * Math.sqrt(p)) * scale, 0, 2 * Math.PI);
    ctx.fill();
    ctx.globalAlpha = 1;
  });
  if (step.chosen >= 0) {
    const { x, y, scale } = canvasPosition(canvas, scene.points[step.chosen]!);
    ctx.strokeStyle = POINTER_COLOUR;
    ctx.lineWidth = 2.5 * scale;
    ctx.beginPath();
    ctx.arc(x, y, (MAX_RADIUS + 4) * scale, 0, 2 * Math.PI);
    ctx.stroke();
  }
}

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
