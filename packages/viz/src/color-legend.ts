/**
 * A colour legend on its own, as an `<svg>` string: for a page that keeps the legend in view
 * beside a picture that scrolls (draw the picture with `legend: false`, and this beside it).
 */
import type { ColorScale } from './color';
import { VizError } from './errors';
import { legendSvg, legendWidth, uniqueId } from './legend';
import { formatTick } from './ticks';
import { svgRoot } from './svg';

/** Options of {@link colorLegendSvg}; every field has a default. */
export interface ColorLegendOptions {
  /** Height of the colour bar in pixels. Default 120. */
  height?: number;
  /** Tick label size in pixels. Default 12. */
  fontSize?: number;
  /** What the colour means, written under the bar. Default "value". */
  caption?: string;
}

/** The legend of `scale` (e.g. `handle.layout.scale` of a picture) as a standalone SVG. */
export function colorLegendSvg(scale: ColorScale, options: ColorLegendOptions = {}): string {
  const height = options.height ?? 120;
  const fontSize = options.fontSize ?? 12;
  const caption = options.caption ?? 'value';
  if (!(height >= 20)) throw new VizError(`height is ${height}; expected at least 20 pixels`);
  if (!(fontSize > 0)) throw new VizError(`fontSize is ${fontSize}; expected a positive number of pixels`);
  const top = fontSize / 2 + 1;
  const [lo, hi] = scale.domain;
  return svgRoot(
    Math.max(legendWidth(fontSize), caption.length * fontSize * 0.55) + 4,
    top + height + fontSize * 2,
    `Colour legend: ${caption} from ${formatTick(lo)} (lightest) to ${formatTick(hi)} (darkest)`,
    [legendSvg(scale, 1, top, height, fontSize, uniqueId('color-legend'), caption)],
    'seq2seq-viz seq2seq-viz-legend',
  );
}
