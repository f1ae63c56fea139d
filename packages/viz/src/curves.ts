/**
 * Learning curves: loss (or any metric) against step or epoch for several series (train and
 * validation, several runs), on a linear or log y axis with round ticks. The DOM form updates
 * live: {@link CurvesHandle.append} adds points to a series and redraws into the same `<svg>`.
 */
import { mount, type Interactive } from './dom';
import { VizError } from './errors';
import { el, escapeXml, num, svgRoot } from './svg';
import { measureText } from './text';
import { formatTick, linearTicks, logTicks } from './ticks';

/** One curve. `x` defaults to 0, 1, 2, ... */
export interface CurveSeries {
  /** Shown in the legend and the tooltip, e.g. "run 2 validation". */
  name: string;
  y: readonly number[] | Float32Array | Float64Array;
  x?: readonly number[] | Float32Array | Float64Array;
  /** CSS colour. Default: the next of a colour-blind-safe palette (Okabe and Ito 2008). */
  color?: string;
  /** Dashed line (e.g. validation). Default false. */
  dashed?: boolean;
}

/** Options of the curves picture; every field has a default. */
export interface CurvesOptions {
  /** Picture width in pixels. Default 560. */
  width?: number;
  /** Picture height in pixels. Default 320. */
  height?: number;
  /** Log-scale y axis (every y must be > 0). Default false. */
  logY?: boolean;
  /** Axis titles. Defaults "step" and "loss". */
  xLabel?: string;
  yLabel?: string;
  /** Font size in pixels. Default 12. */
  fontSize?: number;
  /** Accessible name. Default "Learning curves: <series names>". */
  label?: string;
}

/** Okabe-Ito palette, without yellow (too light on white). */
export const SERIES_COLORS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#56B4E9', '#E69F00', '#000000'];

/** A laid-out curve: its points in picture coordinates, one per datum. */
export interface CurvePath {
  name: string;
  color: string;
  dashed: boolean;
  data: { x: number; y: number }[];
  points: { x: number; y: number }[];
  /** SVG path `d`: one `M`/`L` command per datum. */
  d: string;
}

/** Where everything goes. */
export interface CurvesLayout {
  width: number;
  height: number;
  plot: { x: number; y: number; width: number; height: number };
  xTicks: { value: number; position: number; text: string }[];
  yTicks: { value: number; position: number; text: string }[];
  curves: CurvePath[];
  logY: boolean;
  label: string;
  fontSize: number;
  xLabel: string;
  yLabel: string;
}

/** The nearest of 1, 2, 5 times a power of ten below (or above) `v` > 0. */
function roundLog(v: number, direction: 'down' | 'up'): number {
  const e = Math.floor(Math.log10(v));
  const all = [1, 2, 5, 10].map((m) => Number((m * 10 ** e).toPrecision(12)));
  return direction === 'down' ? Math.max(...all.filter((c) => c <= v * (1 + 1e-9))) : Math.min(...all.filter((c) => c >= v * (1 - 1e-9)));
}

/** Checks the series and lays the picture out. */
export function layoutCurves(series: readonly CurveSeries[], options: CurvesOptions = {}): CurvesLayout {
  const logY = options.logY ?? false;
  const fontSize = options.fontSize ?? 12;
  const width = options.width ?? 560;
  const height = options.height ?? 320;
  const data = series.map((s, i) => {
    const ys = Array.from(s.y);
    const xs = s.x ? Array.from(s.x) : ys.map((_, j) => j);
    if (xs.length !== ys.length) throw new VizError(`series "${s.name}" has ${xs.length} x values and ${ys.length} y values; expected one x per y`);
    ys.forEach((y, j) => {
      if (!Number.isFinite(y) || !Number.isFinite(xs[j]!)) throw new VizError(`series "${s.name}" point ${j} is (${xs[j]}, ${y}); expected finite numbers`);
      if (logY && y <= 0) throw new VizError(`series "${s.name}" point ${j} has y = ${y}; a log-scale axis needs every y > 0 (use logY: false, or plot a positive quantity)`);
    });
    return { s, i, points: xs.map((x, j) => ({ x, y: ys[j]! })) };
  });
  const all = data.flatMap((d) => d.points);
  let [x0, x1] = all.length ? [Math.min(...all.map((p) => p.x)), Math.max(...all.map((p) => p.x))] : [0, 1];
  let [y0, y1] = all.length ? [Math.min(...all.map((p) => p.y)), Math.max(...all.map((p) => p.y))] : logY ? [1, 10] : [0, 1];
  if (x1 === x0) x1 = x0 + 1;
  if (y1 === y0) [y0, y1] = logY ? [y0 / 2, y1 * 2] : [y0 - 0.5, y1 + 0.5];
  // Widen to round values around the data (a multiple of the tick step; on a log axis 1, 2 or
  // 5 times a power of ten), so the first and last tick sit on the frame.
  if (!logY) {
    const rough = linearTicks(y0, y1, 5);
    const step = rough.length > 1 ? rough[1]! - rough[0]! : 1;
    y0 = Math.floor(y0 / step + 1e-9) * step;
    y1 = Math.ceil(y1 / step - 1e-9) * step;
  } else {
    y0 = roundLog(y0, 'down');
    y1 = roundLog(y1, 'up');
  }
  const yTicksAll = logY ? logTicks(y0, y1) : linearTicks(y0, y1, 5);
  const yTexts = yTicksAll.map(formatTick);
  const left = Math.ceil(Math.max(...yTexts.map((t) => measureText(t, fontSize)), 0) + fontSize * 2 + 8);
  const legendRows = data.length;
  const top = Math.ceil(fontSize + 8);
  const bottom = Math.ceil(fontSize * 3 + 8 + legendRows * (fontSize + 4));
  const plot = { x: left, y: top, width: Math.max(40, width - left - 12), height: Math.max(40, height - top - bottom) };
  const fy = (v: number): number => {
    const t = logY ? (Math.log10(v) - Math.log10(y0)) / (Math.log10(y1) - Math.log10(y0)) : (v - y0) / (y1 - y0);
    return plot.y + plot.height * (1 - t);
  };
  const fx = (v: number): number => plot.x + ((v - x0) / (x1 - x0)) * plot.width;
  const curves: CurvePath[] = data.map(({ s, i, points }) => {
    const placed = points.map((p) => ({ x: fx(p.x), y: fy(p.y) }));
    return {
      name: s.name,
      color: s.color ?? SERIES_COLORS[i % SERIES_COLORS.length]!,
      dashed: s.dashed ?? false,
      data: points,
      points: placed,
      d: placed.map((p, j) => `${j === 0 ? 'M' : 'L'}${num(p.x)},${num(p.y)}`).join(' '),
    };
  });
  const xTicks = linearTicks(x0, x1, Math.max(2, Math.floor(plot.width / 80))).map((v) => ({ value: v, position: fx(v), text: formatTick(v) }));
  const yTicks = yTicksAll.map((v, j) => ({ value: v, position: fy(v), text: yTexts[j]! }));
  const label = options.label ?? `Learning curves: ${series.map((s) => s.name).join(', ') || 'no series'}${logY ? ' (log scale)' : ''}`;
  return { width, height, plot, xTicks, yTicks, curves, logY, label, fontSize, xLabel: options.xLabel ?? 'step', yLabel: options.yLabel ?? 'loss' };
}

function renderLayout(l: CurvesLayout): string {
  const { plot, fontSize } = l;
  const grid = l.yTicks.map((t) =>
    el('g', {}, [
      el('line', { x1: plot.x, x2: plot.x + plot.width, y1: t.position, y2: t.position, stroke: '#e5e5e5' }),
      el('text', { x: plot.x - 6, y: t.position + fontSize * 0.35, 'text-anchor': 'end' }, escapeXml(t.text)),
    ]),
  );
  const xAxis = l.xTicks.map((t) =>
    el('g', {}, [
      el('line', { x1: t.position, x2: t.position, y1: plot.y + plot.height, y2: plot.y + plot.height + 4, stroke: '#444' }),
      el('text', { x: t.position, y: plot.y + plot.height + fontSize + 6, 'text-anchor': 'middle' }, escapeXml(t.text)),
    ]),
  );
  const curves = l.curves.map((c) =>
    el('path', { class: 'curve', d: c.d || undefined, fill: 'none', stroke: c.color, 'stroke-width': 2, 'stroke-dasharray': c.dashed ? '6 4' : undefined, 'data-name': c.name }, `<title>${escapeXml(c.name)}</title>`),
  );
  const legendY = plot.y + plot.height + fontSize * 2.8 + 6;
  const legend = l.curves.map((c, i) =>
    el('g', {}, [
      el('line', { x1: plot.x, x2: plot.x + 24, y1: legendY + i * (fontSize + 4), y2: legendY + i * (fontSize + 4), stroke: c.color, 'stroke-width': 2, 'stroke-dasharray': c.dashed ? '6 4' : undefined }),
      el('text', { x: plot.x + 30, y: legendY + i * (fontSize + 4) + fontSize * 0.35 }, escapeXml(c.name)),
    ]),
  );
  return svgRoot(l.width, l.height, l.label, [
    el('g', { class: 'y-axis', 'font-size': fontSize, fill: '#333' }, grid),
    el('g', { class: 'x-axis', 'font-size': fontSize, fill: '#333' }, xAxis),
    el('rect', { x: plot.x, y: plot.y, width: plot.width, height: plot.height, fill: 'none', stroke: '#888' }),
    el('text', { x: plot.x + plot.width / 2, y: plot.y + plot.height + fontSize * 2.2 + 6, 'text-anchor': 'middle', 'font-size': fontSize, fill: '#333' }, escapeXml(l.xLabel)),
    el('text', { x: fontSize, y: plot.y + plot.height / 2, 'text-anchor': 'middle', 'font-size': fontSize, fill: '#333', transform: `rotate(-90 ${num(fontSize)} ${num(plot.y + plot.height / 2)})` }, escapeXml(l.yLabel + (l.logY ? ' (log)' : ''))),
    el('g', { class: 'curves' }, curves),
    el('g', { class: 'legend', 'font-size': fontSize, fill: '#222' }, legend),
  ], 'seq2seq-viz seq2seq-viz-curves');
}

/** Learning curves as an SVG string. */
export function curvesSvg(series: readonly CurveSeries[], options: CurvesOptions = {}): string {
  return renderLayout(layoutCurves(series, options));
}

function interactive(l: CurvesLayout): Interactive {
  const points = l.curves.flatMap((c) => c.points.map((p, j) => ({ c, p, d: c.data[j]! })));
  return {
    svg: renderLayout(l),
    count: points.length,
    columns: 1,
    hitTest: (x, y) => {
      let best = -1;
      let bestDistance = 24 ** 2;
      points.forEach(({ p }, i) => {
        const distance = (p.x - x) ** 2 + (p.y - y) ** 2;
        if (distance < bestDistance) [best, bestDistance] = [i, distance];
      });
      return best;
    },
    describe: (i) => {
      const { c, d } = points[i]!;
      return `${c.name}: ${l.xLabel} ${formatTick(d.x)}, ${l.yLabel} ${Number(d.y.toPrecision(4))}`;
    },
    box: (i) => ({ x: points[i]!.p.x - 4, y: points[i]!.p.y - 4, width: 8, height: 8 }),
  };
}

/** What {@link renderCurves} returns. */
export interface CurvesHandle {
  readonly frame: HTMLDivElement;
  /** The `<svg>`, the same element for the handle's life. */
  readonly svg: SVGSVGElement;
  readonly layout: CurvesLayout;
  /** Adds points to the series called `name` (a new series if there is none) and redraws. */
  append(name: string, y: number | readonly number[], x?: number | readonly number[]): void;
  /** Replaces all series (and options) and redraws. */
  update(series: readonly CurveSeries[], options?: CurvesOptions): void;
  dispose(): void;
}

/**
 * Draws learning curves into `element` and returns a handle for live updates: call
 * `append('train', loss)` after each step. Hover, tap or the arrow keys name the nearest point.
 */
export function renderCurves(element: HTMLElement, series: readonly CurveSeries[], options: CurvesOptions = {}): CurvesHandle {
  let current = series.map((s) => ({ ...s, y: Array.from(s.y), x: s.x ? Array.from(s.x) : undefined }));
  let opts = options;
  let layout = layoutCurves(current, opts);
  const mounted = mount(element, interactive(layout), 'seq2seq-viz-curves-frame');
  const redraw = (): void => {
    layout = layoutCurves(current, opts);
    mounted.replace(interactive(layout));
  };
  return {
    frame: mounted.frame,
    svg: mounted.svg,
    get layout() {
      return layout;
    },
    append(name, y, x) {
      const ys = typeof y === 'number' ? [y] : [...y];
      const xs = x === undefined ? undefined : typeof x === 'number' ? [x] : [...x];
      if (xs && xs.length !== ys.length) throw new VizError(`append("${name}") got ${xs.length} x values and ${ys.length} y values; expected one x per y`);
      let s = current.find((c) => c.name === name);
      if (!s) {
        s = { name, y: [], x: xs ? [] : undefined };
        current.push(s);
      }
      const before = s.y.length;
      if (xs && !s.x) s.x = s.y.map((_, j) => j);
      s.y.push(...ys);
      if (s.x) s.x.push(...(xs ?? ys.map((_, j) => before + j)));
      try {
        redraw();
      } catch (error) {
        // Keep the picture consistent with what was drawn: undo the bad append.
        s.y.length = before;
        if (s.x) s.x.length = before;
        throw error;
      }
    },
    update(next, nextOptions) {
      current = next.map((s) => ({ ...s, y: Array.from(s.y), x: s.x ? Array.from(s.x) : undefined }));
      opts = nextOptions ?? opts;
      redraw();
    },
    dispose: () => mounted.dispose(),
  };
}
