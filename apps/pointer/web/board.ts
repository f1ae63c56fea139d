/**
 * The page's picture of an instance, drawn by `renderPointSet` of @seq2seq/viz: the unit square
 * (y up, a 10 x 10 grid, point numbers), the model's answer over the reference (dashed; Delaunay
 * triangles not in it marked wrong) or, during the pointing animation, the answer written so far
 * with the pointer's distribution at that step (discs whose area is the probability, the point
 * taken ringed). Clicks map back to the unit square through the picture's own layout.
 */
import type { Point } from '@seq2seq/datasets';
import { renderPointSet, type PointAnswer, type PointSetData, type PointSetHandle } from '@seq2seq/viz';
import type { PointingStep } from './protocol';
import type { PageTask } from './tasks';

/** CSS pixels between the picture's edge and the unit square, so points on the border stay visible. */
export const BOARD_PADDING = 24;

/** What to draw. */
export interface BoardScene {
  task: PageTask;
  points: readonly Point[];
  /** The model's answer in input indices (hull, flattened triangles, tour), or null. */
  answer: readonly number[] | null;
  /** The reference in the same form, or null to leave it out. */
  reference: readonly number[] | null;
  /** The pointing steps and the one shown (the animation), or null for the whole answer. */
  pointing: { steps: readonly PointingStep[]; k: number } | null;
}

/** An answer in input indices as the picture's answer. */
export function asPointAnswer(task: PageTask, indices: readonly number[]): PointAnswer {
  if (task === 'delaunay') {
    const triangles: [number, number, number][] = [];
    for (let s = 0; s + 3 <= indices.length; s += 3) triangles.push([indices[s]!, indices[s + 1]!, indices[s + 2]!]);
    return { kind: 'triangles', indices: triangles };
  }
  return { kind: task === 'tsp' ? 'tour' : 'hull', indices: [...indices] };
}

/** The picture's data and step for a scene. */
export function boardData(scene: BoardScene): { data: PointSetData; step: number | undefined } {
  const points = scene.points.map(([x, y]) => [x, y] as const);
  if (scene.pointing) {
    const { steps, k } = scene.pointing;
    // The order pointed at (a tour before 2-opt, the triangles' vertices in turn); the end is not a point.
    const pointed = steps.map((s) => s.chosen).filter((i) => i >= 0);
    return { data: { points, answer: asPointAnswer(scene.task, pointed), probabilities: steps.map((s) => s.probs) }, step: k };
  }
  return {
    data: {
      points,
      answer: scene.answer ? asPointAnswer(scene.task, scene.answer) : undefined,
      reference: scene.reference ? asPointAnswer(scene.task, scene.reference) : undefined,
    },
    step: undefined,
  };
}

/** The board: draws scenes into `element` at `size` CSS pixels, and maps clicks to the unit square. */
export class Board {
  private readonly handle: PointSetHandle;
  private readonly size: number;

  constructor(element: HTMLElement, size: number) {
    this.size = size;
    this.handle = renderPointSet(element, { points: [] }, this.options(undefined));
  }

  private options(step: number | undefined) {
    return { size: this.size, padding: BOARD_PADDING, bounds: [0, 0, 1, 1] as const, gridLines: 10, indexLabels: true, step };
  }

  /** Draws `scene`, replacing what was drawn. */
  draw(scene: BoardScene): void {
    const { data, step } = boardData(scene);
    this.handle.update(data, this.options(step));
  }

  /** The unit-square point under a click, or null outside the square. */
  pointAt(clientX: number, clientY: number): Point | null {
    return this.handle.dataAtClientPoint(clientX, clientY) ?? null;
  }
}
