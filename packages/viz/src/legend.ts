/** A colour legend: a vertical bar of the scale with round ticks, as SVG markup. */
import { hex, type ColorScale } from './color';
import { el, num } from './svg';
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

let counter = 0;
/** A fresh id for gradients, so several pictures on one page do not share one. */
export function uniqueId(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}`;
}
