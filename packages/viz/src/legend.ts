/** A colour legend: a vertical bar of the scale with round ticks, as SVG markup. */
import { hex, type ColorScale } from './color';
import { el, num } from './svg';
import { measureText } from './text';
import { formatTick, linearTicks } from './ticks';

/** Width the legend takes (bar, ticks and labels), in pixels, for `fontSize`. */
export function legendWidth(fontSize: number): number {
  return 12 + 6 + fontSize * 3.2;
}

/** The legend with its top-left corner at (x, y). `id` makes the gradient's id unique. */
export function legendSvg(scale: ColorScale, x: number, y: number, height: number, fontSize: number, id: string, caption: string): string {
  const [lo, hi] = scale.domain;
  const stops = Array.from({ length: 11 }, (_, i) => {
    const v = hi - ((hi - lo) * i) / 10;
    return el('stop', { offset: `${i * 10}%`, 'stop-color': hex(scale.color(v)) });
  });
  const ticks = linearTicks(lo, hi, 4).map((v) => {
    const ty = y + ((hi - v) / (hi - lo)) * height;
    return el('g', {}, [
      el('line', { x1: x + 12, x2: x + 16, y1: ty, y2: ty, stroke: '#444' }),
      el('text', { x: x + 18, y: ty + fontSize * 0.35, 'font-size': fontSize, fill: '#333' }, formatTick(v)),
    ]);
  });
  return el('g', { class: 'legend', 'aria-label': caption }, [
    el('defs', {}, el('linearGradient', { id, x1: 0, y1: 0, x2: 0, y2: 1 }, stops)),
    el('rect', { x, y, width: 12, height, fill: `url(#${id})`, stroke: '#999', 'stroke-width': 0.5 }),
    ...ticks,
    el('text', { x, y: num(y + height + fontSize * 1.4), 'font-size': fontSize * 0.9, fill: '#555' }, caption),
  ]);
}

/** Height the horizontal legend takes (bar, ticks and their labels), in pixels, for `fontSize`. */
export function horizontalLegendHeight(fontSize: number): number {
  return 12 + 4 + fontSize * 1.4;
}

/** Width the horizontal legend takes with a bar `barWidth` long: the bar, then its caption. */
export function horizontalLegendWidth(barWidth: number, fontSize: number, caption: string): number {
  return barWidth + 8 + measureText(caption, fontSize * 0.9);
}

/**
 * The legend lying down, for narrow places (below a picture rather than beside it): a horizontal
 * bar `barWidth` long, low values on the left, round ticks under it and the caption after it, with
 * its top-left corner at (x, y).
 */
export function horizontalLegendSvg(scale: ColorScale, x: number, y: number, barWidth: number, fontSize: number, id: string, caption: string): string {
  const [lo, hi] = scale.domain;
  const stops = Array.from({ length: 11 }, (_, i) => {
    const v = lo + ((hi - lo) * i) / 10;
    return el('stop', { offset: `${i * 10}%`, 'stop-color': hex(scale.color(v)) });
  });
  const ticks = linearTicks(lo, hi, 4).map((v) => {
    const tx = x + ((v - lo) / (hi - lo)) * barWidth;
    return el('g', {}, [
      el('line', { x1: tx, x2: tx, y1: y + 12, y2: y + 16, stroke: '#444' }),
      el('text', { x: tx, y: num(y + 16 + fontSize), 'font-size': fontSize, fill: '#333', 'text-anchor': 'middle' }, formatTick(v)),
    ]);
  });
  return el('g', { class: 'legend legend-horizontal', 'aria-label': caption }, [
    el('defs', {}, el('linearGradient', { id, x1: 0, y1: 0, x2: 1, y2: 0 }, stops)),
    el('rect', { x, y, width: barWidth, height: 12, fill: `url(#${id})`, stroke: '#999', 'stroke-width': 0.5 }),
    ...ticks,
    el('text', { x: x + barWidth + 8, y: num(y + 10), 'font-size': fontSize * 0.9, fill: '#555' }, caption),
  ]);
}

let counter = 0;
/** A fresh id for gradients, so several pictures on one page do not share one. */
export function uniqueId(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}`;
}
