/**
 * Point sets with an answer drawn over them (a TSP tour, a convex hull, a triangulation: the
 * tasks of Vinyals, Fortunato and Jaitly 2015, "Pointer Networks"), and the pointer's
 * distribution over the points at a decoding step: each point's circle grows with, and is
 * coloured by, its probability. `step: k` draws the first `k` chosen points of the answer and
 * the distribution of step `k`, so a slider over `0..steps` shows the network pointing; the point
 * taken at step `k` is ringed. A reference answer can be drawn dashed under the answer (triangles
 * of the answer that are not in the reference are marked wrong), and `bounds` fixes the region
 * drawn, so a page can map clicks back to data coordinates (`dataAtClientPoint`).
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
  /** A reference answer (e.g. the exact one), drawn dashed under the answer. */
  reference?: PointAnswer;
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
  /** The data region drawn, `[xMin, yMin, xMax, yMax]`. Default: the points' extent. With bounds, `points` may be empty. */
  bounds?: readonly [number, number, number, number];
  /** Pixels between the picture's edge and the region drawn. Default 18. */
  padding?: number;
  /** Write each point's index beside it. Default false. */
  indexLabels?: boolean;
  /** Light grid lines dividing the region into this many parts each way (0: none). Default 0. */
  gridLines?: number;
}

/** Colours of the point picture, for a page's own legend. */
export const POINT_SET_COLORS = { answer: '#3182bd', reference: '#e07b00', wrong: '#c62828', chosen: '#08519c', taken: '#6a3d9a', point: '#444444' } as const;

/** Where everything goes. */
export interface PointSetLayout {
  size: number;
  /** `taken`: the point the pointer takes at the step shown. */
  points: { index: number; x: number; y: number; r: number; data: [number, number]; probability?: number; color: string; chosen: boolean; taken: boolean }[];
  /** Drawn answer: polylines as point lists, `closed` for polygons, `wrong` for triangles not in the reference. */
  shapes: { points: number[]; closed: boolean; wrong?: boolean }[];
  /** The reference answer's shapes (dashed). */
  referenceShapes: { points: number[]; closed: boolean }[];
  /** The data region drawn and where it is: `x = region.x + (dataX - bounds[0]) * scale`, y up. */
  bounds: readonly [number, number, number, number];
  region: Box;
  scale: number;
  /** Grid line positions (picture coordinates), vertical then horizontal. */
  grid: { xs: number[]; ys: number[] };
  indexLabels: boolean;
  /** The answer is a tour or path: its start and direction are marked. */
  directed: boolean;
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
  if (n === 0 && !options.bounds) throw new VizError('points is empty; expected at least one [x, y] (or give bounds: an empty region to click points into)');
  const steps = data.probabilities?.length ?? 0;
  const probabilities = (data.probabilities ?? []).map((p, s) => {
    const values = finiteValues(p, `probabilities[${s}]`);
    if (values.length !== n) throw new VizError(`probabilities[${s}] has ${values.length} values; expected ${n} (one per point)`);
    return values;
  });
  const step = options.step;
  const order = data.answer && data.answer.kind !== 'triangles' ? data.answer.indices.map((i, k) => checkIndex(i, n, `answer.indices[${k}]`)) : [];
  if (step !== undefined) {
    const last = Math.max(steps, data.answer?.kind === 'triangles' ? data.answer.indices.length * 3 : order.length);
    if (!Number.isInteger(step) || step < 0 || step > last) throw new VizError(`step is ${step}; expected an integer in 0..${last}`);
  }
  const size = options.size ?? 360;
  const pad = options.padding ?? 18;
  const xs = raw.map((p) => p[0]);
  const ys = raw.map((p) => p[1]);
  const bounds = options.bounds ?? ([Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] as const);
  const [x0, y0, x1, y1] = bounds;
  if (![x0, y0, x1, y1].every(Number.isFinite) || x1 < x0 || y1 < y0) throw new VizError(`bounds is [${bounds.join(', ')}]; expected finite [xMin, yMin, xMax, yMax] with xMin <= xMax and yMin <= yMax`);
  if (!(pad >= 0) || 2 * pad >= size) throw new VizError(`padding is ${pad}; expected at least 0 and less than half of size ${size}`);
  const span = Math.max(x1 - x0, y1 - y0) || 1;
  const inner = size - 2 * pad;
  const scalePx = inner / span;
  // One scale for both axes (distances stay true), the region centred; y grows upwards as in a plot.
  const region: Box = { x: pad + (inner - (x1 - x0) * scalePx) / 2, y: pad + (inner - (y1 - y0) * scalePx) / 2, width: (x1 - x0) * scalePx, height: (y1 - y0) * scalePx };
  const fx = (x: number): number => region.x + (x - x0) * scalePx;
  const fy = (y: number): number => region.y + region.height - (y - y0) * scalePx;
  const dist = step !== undefined ? probabilities[step] : undefined;
  const scale = colorScale('sequential', [], [0, 1]);
  // The points pointed at, in decoding order: a tour's, path's or hull's order, or the triangles' vertices in turn.
  const pointed = data.answer?.kind === 'triangles' ? data.answer.indices.flatMap((tri, t) => tri.map((i, k) => checkIndex(i, n, `answer.indices[${t}][${k}]`))) : order;
  const chosen = new Set(step === undefined ? pointed : pointed.slice(0, step));
  const taken = step !== undefined ? pointed[step] : undefined;
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
      color: probability === undefined ? POINT_SET_COLORS.point : hex(scale.color(0.15 + 0.85 * Math.max(0, Math.min(1, probability)))),
      chosen: chosen.has(index),
      taken: index === taken,
    };
  });
  const shapesOf = (answer: PointAnswer, upTo: number | undefined, where: string): { points: number[]; closed: boolean }[] => {
    if (answer.kind === 'triangles') {
      const tris = answer.indices.map((tri, t) => tri.map((i, k) => checkIndex(i, n, `${where}.indices[${t}][${k}]`)));
      // At a step, only the triangles whose three vertices have been pointed at.
      return (upTo === undefined ? tris : tris.slice(0, Math.floor(upTo / 3))).map((tri) => ({ points: tri, closed: true }));
    }
    const all = answer.indices.map((i, k) => checkIndex(i, n, `${where}.indices[${k}]`));
    const drawn = upTo === undefined ? all : all.slice(0, upTo);
    // A line needs two points: nothing is drawn before the second step.
    return drawn.length < 2 ? [] : [{ points: drawn, closed: drawn.length === all.length && answer.kind !== 'path' }];
  };
  const referenceShapes = data.reference ? shapesOf(data.reference, undefined, 'reference') : [];
  const key = (tri: readonly number[]): string => [...tri].sort((a, b) => a - b).join(',');
  const truth = data.reference?.kind === 'triangles' ? new Set(referenceShapes.map((s) => key(s.points))) : null;
  const shapes: PointSetLayout['shapes'] = data.answer
    ? shapesOf(data.answer, step, 'answer').map((s) => (truth && data.answer!.kind === 'triangles' ? { ...s, wrong: !truth.has(key(s.points)) } : s))
    : [];
  const divisions = options.gridLines ?? 0;
  if (!Number.isInteger(divisions) || divisions < 0) throw new VizError(`gridLines is ${divisions}; expected a whole number >= 0`);
  const grid = {
    xs: Array.from({ length: Math.max(0, divisions - 1) }, (_, k) => region.x + ((k + 1) / divisions) * region.width),
    ys: Array.from({ length: Math.max(0, divisions - 1) }, (_, k) => region.y + ((k + 1) / divisions) * region.height),
  };
  const what = data.answer ? ` with a ${data.answer.kind}` : '';
  const at = step !== undefined ? `, decoding step ${step} of ${Math.max(steps, pointed.length)}` : '';
  return { size, points, shapes, referenceShapes, bounds, region, scale: scalePx, grid, indexLabels: options.indexLabels ?? false, directed: data.answer?.kind === 'tour' || data.answer?.kind === 'path', step, steps, label: options.label ?? `${n} points${what}${at}` };
}

/** The data coordinates `[x, y]` at a point of the picture, or undefined outside the region drawn. */
export function pointSetDataAt(layout: PointSetLayout, x: number, y: number): [number, number] | undefined {
  const { region, bounds, scale } = layout;
  if (x < region.x || x > region.x + region.width || y < region.y || y > region.y + region.height) return undefined;
  return [bounds[0] + (x - region.x) / scale, bounds[1] + (region.y + region.height - y) / scale];
}

function describe(l: PointSetLayout, i: number): string {
  const p = l.points[i]!;
  const prob = p.probability !== undefined ? `, probability ${p.probability.toFixed(3)}` : '';
  return `point ${i} at (${num(p.data[0])}, ${num(p.data[1])})${prob}${p.taken ? ', taken at this step' : p.chosen ? ', chosen' : ''}`;
}

function renderLayout(l: PointSetLayout): string {
  const coords = (idx: readonly number[]): string => idx.map((i) => `${num(l.points[i]!.x)},${num(l.points[i]!.y)}`).join(' ');
  const reference = l.referenceShapes.map((s) =>
    el(s.closed ? 'polygon' : 'polyline', { class: 'reference', points: coords(s.points), fill: 'none', stroke: POINT_SET_COLORS.reference, 'stroke-width': 3, 'stroke-dasharray': '7 5', 'stroke-linejoin': 'round' }),
  );
  const shapes = l.shapes.map((s) => {
    const fill = s.wrong ? 'rgba(198,40,40,0.18)' : s.closed && s.points.length === 3 ? 'rgba(49,130,189,0.12)' : 'none';
    return el(s.closed ? 'polygon' : 'polyline', { class: s.wrong ? 'answer wrong' : 'answer', points: coords(s.points), fill, stroke: POINT_SET_COLORS.answer, 'stroke-width': 2, 'stroke-linejoin': 'round' });
  });
  const points = l.points.map((p, i) =>
    el('circle', { class: ['point', p.chosen ? 'chosen' : '', p.taken ? 'taken' : ''].filter(Boolean).join(' '), cx: p.x, cy: p.y, r: p.r, fill: p.color, 'fill-opacity': p.probability === undefined ? 1 : 0.85, stroke: p.chosen ? POINT_SET_COLORS.chosen : p.probability !== undefined ? '#6b7280' : '#fff', 'stroke-width': p.chosen ? 2 : 1, 'data-index': i }, titleOf(describe(l, i))),
  );
  const taken = l.points.filter((p) => p.taken).map((p) => el('circle', { class: 'taken-ring', cx: p.x, cy: p.y, r: p.r + 5, fill: 'none', stroke: POINT_SET_COLORS.taken, 'stroke-width': 2.5 }));
  // A tour or path shows where it starts (a larger ring) and its direction (an arrowhead halfway along the first edge).
  const first = l.shapes[0];
  const direction =
    l.directed && first && first.points.length >= 2
      ? (() => {
          const [a, b] = [l.points[first.points[0]!]!, l.points[first.points[1]!]!];
          const angle = Math.atan2(b.y - a.y, b.x - a.x);
          const [mx, my] = [(a.x + b.x) / 2, (a.y + b.y) / 2];
          const tip = (turn: number, length: number) => `${num(mx + length * Math.cos(angle + turn))},${num(my + length * Math.sin(angle + turn))}`;
          return [
            el('polygon', { class: 'direction', points: [tip(0, 7), tip(2.5, 7), tip(-2.5, 7)].join(' '), fill: POINT_SET_COLORS.answer }),
            el('circle', { class: 'start', cx: a.x, cy: a.y, r: a.r + 3.5, fill: 'none', stroke: POINT_SET_COLORS.answer, 'stroke-width': 2 }),
          ];
        })()
      : [];
  const labels = l.indexLabels ? l.points.map((p) => el('text', { x: p.x + p.r + 2, y: p.y - p.r / 2 - 1 }, String(p.index))) : [];
  const { region, grid } = l;
  return svgRoot(l.size, l.size, l.label, [
    el('rect', { x: 0.5, y: 0.5, width: l.size - 1, height: l.size - 1, fill: '#fcfcfc', stroke: grid.xs.length ? 'none' : '#ddd' }),
    grid.xs.length || grid.ys.length
      ? el('g', { class: 'grid', stroke: '#eceff3' }, [
          ...grid.xs.map((x) => el('line', { x1: x, x2: x, y1: region.y, y2: region.y + region.height })),
          ...grid.ys.map((y) => el('line', { x1: region.x, x2: region.x + region.width, y1: y, y2: y })),
          el('rect', { x: region.x, y: region.y, width: region.width, height: region.height, fill: 'none', stroke: '#b9c0cc' }),
        ])
      : '',
    el('g', { class: 'references' }, reference),
    el('g', { class: 'answers' }, shapes),
    el('g', { class: 'direction' }, direction),
    el('g', { class: 'points' }, points),
    el('g', { class: 'taken', 'pointer-events': 'none' }, taken),
    labels.length ? el('g', { class: 'index-labels', 'font-size': 11, fill: '#5c6578', 'pointer-events': 'none' }, labels) : '',
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
  /** The data coordinates under a client (viewport) point (e.g. a click, to add a point), or undefined outside the region drawn. */
  dataAtClientPoint(clientX: number, clientY: number): [number, number] | undefined;
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
    dataAtClientPoint(x, y) {
      const rect = mounted.svg.getBoundingClientRect();
      const k = rect.width > 0 ? layout.size / rect.width : 1;
      return pointSetDataAt(layout, (x - rect.left) * k, (y - rect.top) * k);
    },
    update(next, nextOptions) {
      current = next;
      opts = nextOptions ?? opts;
      redraw();
    },
    dispose: () => mounted.dispose(),
  };
}
