/**
 * Sample instances one click away, per task: small sets whose right answer a reader can check by
 * eye (a square with points inside, points on a circle), and a random set of the size the task's
 * models are trained on.
 */
import type { Point } from '@seq2seq/datasets';
import { randomPoints } from './instance';
import type { PageTask } from './tasks';

/** One sample instance and what to look for in its answer. */
export interface Example {
  /** Button label. */
  label: string;
  /** What the answer should look like, shown when the example is picked. */
  note: string;
  points: Point[];
}

const round = (v: number): number => Math.round(v * 1e4) / 1e4;

/** `n` points evenly on a circle of radius 0.4 around the centre, starting at angle `phase`. */
function circle(n: number, phase = 0.3): Point[] {
  return Array.from({ length: n }, (_, i) => {
    const a = phase + (2 * Math.PI * i) / n;
    return [round(0.5 + 0.4 * Math.cos(a)), round(0.5 + 0.4 * Math.sin(a))] as Point;
  });
}

/** A square's 4 corners and 3 points well inside it. */
const SQUARE: Point[] = [[0.1, 0.1], [0.9, 0.1], [0.9, 0.9], [0.1, 0.9], [0.5, 0.5], [0.3, 0.6], [0.6, 0.35]];

/** A 3 x 3 grid, nudged so that no four points are on one circle (a unique triangulation). */
const GRID: Point[] = [
  [0.15, 0.12], [0.52, 0.16], [0.86, 0.1],
  [0.12, 0.5], [0.47, 0.53], [0.9, 0.46],
  [0.18, 0.88], [0.55, 0.85], [0.85, 0.9],
];

/** Two clusters of 5 points: a good tour crosses between them only twice. */
const CLUSTERS: Point[] = [
  [0.1, 0.15], [0.22, 0.1], [0.18, 0.3], [0.3, 0.22], [0.08, 0.35],
  [0.75, 0.8], [0.9, 0.7], [0.82, 0.92], [0.68, 0.68], [0.92, 0.88],
];

/** The examples of each task, in button order. */
export function examplesFor(task: PageTask): Example[] {
  if (task === 'hull') {
    return [
      { label: 'Square + 3 inside', note: 'The hull is the 4 corners, 0 1 2 3; the 3 inner points stay out.', points: SQUARE },
      { label: 'Circle of 12', note: 'Every point is on the hull, in order round the circle.', points: circle(12) },
      { label: '50 random', note: 'The size the hull model was trained on.', points: randomPoints(50, 11) },
    ];
  }
  if (task === 'delaunay') {
    return [
      { label: 'Nudged 3x3 grid', note: 'A grid splits into 8 triangles, two per cell.', points: GRID },
      { label: 'Square + 3 inside', note: '8 triangles: each inner point connects to its neighbours.', points: SQUARE },
      { label: '10 random', note: 'The size the Delaunay model was trained on.', points: randomPoints(10, 12) },
    ];
  }
  return [
    { label: 'Circle of 10', note: 'The shortest tour goes round the circle.', points: circle(10) },
    { label: 'Two clusters', note: 'A good tour visits one cluster, crosses once, visits the other, crosses back.', points: CLUSTERS },
    { label: '20 random', note: 'The size of the larger TSP model.', points: randomPoints(20, 13) },
  ];
}
