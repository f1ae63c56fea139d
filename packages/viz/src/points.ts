/**
 * Point sets with an answer drawn over them (a TSP tour, a convex hull, a triangulation: the
 * tasks of Vinyals, Fortunato and Jaitly 2015, "Pointer Networks"), and the pointer's
 * distribution over the points at a decoding step: each point's circle grows with, and is
 * coloured by, its probability. `step: k` draws the first `k` chosen points of the answer and
 * the distribution of step `k`, so a slider over `0..steps` shows the network pointing.
 */
import { colorScale, hex } from './color';
import { mount, titleOf, type Box, type Interactive } from './dom';
import { VizError } from './errors';
import { el, num, svgRoot } from './svg';
import { finiteValues, type Numbers } from './validate';

/** An answer over the points, as point indices. */
export type PointAnswer =
  | { kind: 'tour'; indices: readonly number[] }
  | { kind: 'path'; indices: readonly number[] }
  | { kind: 'hull'; indices: readonly number[] }
  | { kind: 'triangles'; indices: readonly (readonly [number, number, number])[] };

/** Points, an answer, and the decoder's distribution at each step. */
export interface PointSetData {
  /** `[x, y]` per point. */
  points: readonly (readonly [number, number] | Numbers)[];
  /** The answer; for a tour, path or hull the order is the decoding order. */
  answer?: PointAnswer;
  /** `probabilities[step][point]`: the pointer's distribution at each decoding step. */
  probabilities?: readonly Numbers[];
}

/** Options of the point picture; every field has a default. */
export interface PointSetOptions {
  /** Side of the square picture in pixels. Default 360. */
  size?: number;
  /**
   * Decoding step to show: the answer's first `step` points (for a tour, path or hull) and the
   * distribution `probabilities[step]`. Default: the whole answer, no distribution.
   */
  step?: number;
  /** Accessible name. Default "N points with a <kind>". */
  label?: string;
}

/** Where everything goes. */
export interface PointSetLayout {
  size: number;
  points: { index: number; x: number; y: number; r: number; data: [number, number]; probability?: number; color: string; chosen: boolean }[];
  /** Drawn answer: polylines as point lists, `closed` for polygons. */
  shapes: { points: number[]; closed: boolean }[];
  step?: number;
  steps: number;
  label: string;
}

function checkIndex(i: number, n: number, where: string): number {
  if (!Number.isInteger(i) || i < 0 || i >= n) throw new VizError(`${where} is ${i}; expected a point index in 0..${n - 1}`);
  return i;
}

/** Checks the data and lays the picture out. */
export function layoutPointSet(data: PointSetData, options: PointSetOptions = {}): PointSetLayout {
  const raw = data.points.map((p, i) => {
    const xy = finiteValues(p as Numbers, `points[${i}]`);
    if (xy.length !== 2) throw new VizError(`points[${i}] has ${xy.length} coordinates; expected [x, y]`);
    return xy as [number, number];
  });
  const n = raw.length;
  if (n === 0) throw new VizError('points is empty; expected at least one [x, y]');
  const steps = data.probabilities?.length ?? 0;
  const probabilities = (data.probabilities ?? []).map((p, s) => {
    const values = finiteValues(p, `probabilities[${s}]`);
    if (values.length !== n) throw new VizError(`probabilities[${s}] has ${values.length} values; expected ${n} (one per point)`);
    return values;
  });
  const step = options.step;
  const order = data.answer && data.answer.kind !== 'triangles' ? data.answer.indices.map((i, k) => checkIndex(i, n, `answer.indices[${k}]`)) : [];
  if (step !== undefined) {
    const last = Math.max(steps, order.length);
    if (!Number.isInteger(step) || step < 0 || step > last) throw new VizError(`step is ${step}; expected an integer in 0..${last}`);
  }
  const size = options.size ?? 360;
  const pad = 18;
  const xs = raw.map((p) => p[0]);
  const ys = raw.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const span = Math.max(x1 - x0, y1 - y0) || 1;
  const inner = size - 2 * pad;
  // One scale for both axes (distances stay true); y grows upwards as in a plot.
  const fx = (x: number): number => pad + ((x - x0) / span) * inner + (inner - ((x1 - x0) / span) * inner) / 2;
  const fy = (y: number): number => size - pad - ((y - y0) / span) * inner - (inner - ((y1 - y0) / span) * inner) / 2;
  const dist = step !== undefined ? probabilities[step] : undefined;
  const scale = colorScale('sequential', [], [0, 1]);
  const chosen = new Set(step === undefined ? order : order.slice(0, step));
  const base = Math.max(2.5, Math.min(5, inner / Math.sqrt(n) / 6));
  const points = raw.map((p, index) => {
    const probability = dist?.[index];
    return {
      index,
      x: fx(p[0]),
      y: fy(p[1]),
      // Area proportional to probability: radius grows with its square root.
      r: probability === undefined ? base : base + Math.sqrt(Math.max(0, probability)) * base * 3,
      data: p,
      probability,
      color: probability === undefined ? '#444444' : hex(scale.color(0.15 + 0.85 * Math.max(0, Math.min(1, probability)))),
      chosen: chosen.has(index),
    };
  });
  const shapes: PointSetLayout['shapes'] = [];
  if (data.answer?.kind === 'triangles') {
    data.answer.indices.forEach((tri, t) => shapes.push({ points: tri.map((i, k) => checkIndex(i, n, `answer.indices[${t}][${k}]`)), closed: true }));
  } else if (data.answer) {
    const drawn = step === undefined ? order : order.slice(0, step);
    const complete = drawn.length === order.length;
    shapes.push({ points: drawn, closed: complete && data.answer.kind !== 'path' });
  }
  const what = data.answer ? ` with a ${data.answer.kind}` : '';
  const at = step !== undefined ? `, decoding step ${step} of ${Math.max(steps, order.length)}` : '';
  return { size, points, shapes, step, steps, label: options.label ?? `${n} points${what}${at}` };
}

function describe(l: PointSetLayout, i: number): string {
  const p = l.points[i]!;
  const prob = p.probability !== undefined ? `, probability ${p.probability.toFixed(3)}` : '';
  return `point ${i} at (${num(p.data[0])}, ${num(p.data[1])})${prob}${p.chosen ? ', chosen' : ''}`;
}

function renderLayout(l: PointSetLayout): string {
  const shapes = l.shapes.map((s) => {
    const pts = s.points.map((i) => `${num(l.points[i]!.x)},${num(l.points[i]!.y)}`).join(' ');
    return el(s.closed ? 'polygon' : 'polyline', { class: 'answer', points: pts, fill: s.closed && s.points.length === 3 ? 'rgba(49,130,189,0.12)' : 'none', stroke: '#3182bd', 'stroke-width': 2, 'stroke-linejoin': 'round' });
  });
  const points = l.points.map((p, i) =>
    el('circle', { class: p.chosen ? 'point chosen' : 'point', cx: p.x, cy: p.y, r: p.r, fill: p.color, stroke: p.chosen ? '#d94801' : '#fff', 'stroke-width': p.chosen ? 2 : 1, 'data-index': i }, titleOf(describe(l, i))),
  );
  return svgRoot(l.size, l.size, l.label, [
    el('rect', { x: 0.5, y: 0.5, width: l.size - 1, height: l.size - 1, fill: '#fcfcfc', stroke: '#ddd' }),
    el('g', { class: 'answers' }, shapes),
    el('g', { class: 'points' }, points),
  ], 'seq2seq-viz seq2seq-viz-points');
}

/** The point set (and answer, and distribution at `options.step`) as an SVG string. */
export function pointSetSvg(data: PointSetData, options: PointSetOptions = {}): string {
  return renderLayout(layoutPointSet(data, options));
}

function interactive(l: PointSetLayout): Interactive {
  return {
    svg: renderLayout(l),
    count: l.points.length,
    columns: 1,
    hitTest: (x, y) => {
      // The nearest point within its radius plus a finger's margin.
      let best = -1;
      let bestDistance = Infinity;
      l.points.forEach((p, i) => {
        const d = Math.hypot(p.x - x, p.y - y);
        if (d <= p.r + 8 && d < bestDistance) [best, bestDistance] = [i, d];
      });
      return best;
    },
    describe: (i) => describe(l, i),
    box: (i): Box => ({ x: l.points[i]!.x - l.points[i]!.r - 2, y: l.points[i]!.y - l.points[i]!.r - 2, width: 2 * l.points[i]!.r + 4, height: 2 * l.points[i]!.r + 4 }),
  };
}

/** What {@link renderPointSet} returns. */
export interface PointSetHandle {
  readonly frame: HTMLDivElement;
  readonly svg: SVGSVGElement;
  readonly layout: PointSetLayout;
  /** Shows decoding step `k` (a slider's `input` handler calls this); `undefined` shows the whole answer. */
  setStep(k: number | undefined): void;
  select(i: number): string;
  itemAtClientPoint(clientX: number, clientY: number): number;
  update(data: PointSetData, options?: PointSetOptions): void;
  dispose(): void;
}

/** Draws the point set into `element`; hover, tap or the arrow keys name a point and its probability. */
export function renderPointSet(element: HTMLElement, data: PointSetData, options: PointSetOptions = {}): PointSetHandle {
  let current = data;
  let opts = options;
  let layout = layoutPointSet(current, opts);
  const mounted = mount(element, interactive(layout), 'seq2seq-viz-points-frame');
  const redraw = (): void => {
    layout = layoutPointSet(current, opts);
    mounted.replace(interactive(layout));
  };
  return {
    frame: mounted.frame,
    svg: mounted.svg,
    get layout() {
      return layout;
    },
    setStep(k) {
      opts = { ...opts, step: k };
      redraw();
    },
    select: (i) => mounted.select(i),
    itemAtClientPoint: (x, y) => mounted.itemAtClientPoint(x, y),
    update(next, nextOptions) {
      current = next;
      opts = nextOptions ?? opts;
      redraw();
    },
    dispose: () => mounted.dispose(),
  };
}
