/**
 * Text coloured by a value per character or token: the picture of Karpathy, Johnson and Fei-Fei
 * 2015 ("Visualizing and understanding recurrent networks", Figures 2-3), where one cell's
 * activation lights up inside quotes or grows along a line. Signed values (a tanh unit in
 * [-1, 1]) use the diverging scale, blue below zero and red above; non-negative ones (a gate, a
 * probability) may use the sequential scale.
 */
import { colorScale, hex, textColorOn, type ColorScale, type ColorScaleKind } from './color';
import { mountPicture, titleOf, type Interactive, type PictureHandle } from './dom';
import { flowTokens, MONOSPACE_FONT, tokenAt, type FlowToken } from './flow';
import { legendSvg, legendWidth, uniqueId } from './legend';
import { el, escapeXml, svgRoot } from './svg';
import { finiteValues, labelCount, type Numbers } from './validate';
import { VizError } from './errors';

/** Tokens (or characters) with one value each. */
export interface ColoredTextData {
  /** The text as tokens, or as characters (`[...'some text']`). */
  tokens: readonly string[];
  /** One value per token. */
  values: Numbers;
}

/** Options of the coloured text; every field has a default. */
export interface ColoredTextOptions {
  /** `'diverging'` (default; signed values, 0 is neutral) or `'sequential'`. */
  scale?: ColorScaleKind;
  /** Colour domain. Default `[-1, 1]` for diverging when every |value| <= 1, else from the values. */
  domain?: readonly [number, number];
  /** Wrap width of the text in pixels. Default 560. */
  width?: number;
  /** Font size in pixels. Default 14. */
  fontSize?: number;
  /** Pixels between tokens: 0 for characters (default when every token is one character), else 3. */
  gap?: number;
  /** Draw the legend. Default true. */
  legend?: boolean;
  /** Accessible name. Default "Text coloured by value, N tokens". */
  label?: string;
}

/** Where everything goes. */
export interface ColoredTextLayout {
  width: number;
  height: number;
  tokens: (FlowToken & { value: number; color: string })[];
  scale: ColorScale;
  fontSize: number;
  legend?: { x: number; y: number; height: number };
  label: string;
}

/** Checks the data and lays the text out. */
export function layoutColoredText(data: ColoredTextData, options: ColoredTextOptions = {}): ColoredTextLayout {
  const values = finiteValues(data.values, 'values');
  const tokens = labelCount(data.tokens, values.length, 'tokens', 'value');
  const kind = options.scale ?? 'diverging';
  if (kind !== 'diverging' && kind !== 'sequential') throw new VizError(`scale must be 'diverging' or 'sequential'; got '${String(kind)}'`);
  const unit = values.every((v) => Math.abs(v) <= 1);
  const scale = colorScale(kind, values, options.domain ?? (kind === 'diverging' && unit ? [-1, 1] : undefined));
  const fontSize = options.fontSize ?? 14;
  const textWidth = options.width ?? 560;
  const gap = options.gap ?? (tokens.every((t) => [...t].length <= 1) ? 0 : 3);
  const lineHeight = fontSize * 1.4 + 4;
  const flow = flowTokens(tokens, { x0: 4, y0: 4, width: textWidth, fontSize, lineHeight, gap });
  const lines = (flow[flow.length - 1]?.line ?? 0) + 1;
  const showLegend = options.legend ?? true;
  const textHeight = lines * lineHeight + 8;
  const legend = showLegend ? { x: textWidth + 20, y: 8, height: Math.max(70, Math.min(140, textHeight - 8)) } : undefined;
  const width = legend ? legend.x + legendWidth(fontSize * 0.85) + 4 : textWidth + 8;
  const height = Math.max(textHeight, legend ? legend.y + legend.height + fontSize * 2 : 0);
  return {
    width,
    height,
    tokens: flow.map((t) => ({ ...t, value: values[t.index]!, color: hex(scale.color(values[t.index]!)) })),
    scale,
    fontSize,
    legend,
    label: options.label ?? `Text coloured by value, ${tokens.length} tokens`,
  };
}

/** What a token says: its text, position and value. */
function describe(t: ColoredTextLayout['tokens'][number]): string {
  return `“${t.shown}” (position ${t.index}): ${t.value.toFixed(3)}`;
}

function renderLayout(l: ColoredTextLayout): string {
  const tokens = l.tokens.map((t) =>
    el('g', { class: 'token', 'data-index': t.index }, [
      titleOf(describe(t)),
      el('rect', { x: t.x, y: t.y, width: t.width, height: t.height, fill: t.color }),
      el('text', { x: t.x + 1, y: t.y + t.height * 0.72, fill: textColorOn(l.scale.color(t.value)), 'xml:space': 'preserve' }, escapeXml(t.shown)),
    ]),
  );
  return svgRoot(l.width, l.height, l.label, [
    el('g', { class: 'tokens', 'font-size': l.fontSize, 'font-family': MONOSPACE_FONT }, tokens),
    l.legend ? legendSvg(l.scale, l.legend.x, l.legend.y, l.legend.height, l.fontSize * 0.85, uniqueId('text-legend'), 'value') : '',
  ], 'seq2seq-viz seq2seq-viz-text');
}

/** Coloured text as an SVG string; each token has a `<title>` with its value. */
export function coloredTextSvg(data: ColoredTextData, options: ColoredTextOptions = {}): string {
  return renderLayout(layoutColoredText(data, options));
}

function interactive(l: ColoredTextLayout): Interactive {
  return { svg: renderLayout(l), count: l.tokens.length, columns: 1, hitTest: (x, y) => tokenAt(l.tokens, x, y), describe: (i) => describe(l.tokens[i]!), box: (i) => l.tokens[i]! };
}

/** Draws coloured text into `element`; hover, tap or the arrow keys name a token and its value. */
export function renderColoredText(element: HTMLElement, data: ColoredTextData, options: ColoredTextOptions = {}): PictureHandle<ColoredTextData, ColoredTextOptions> {
  return mountPicture(element, data, options, (d, o) => interactive(layoutColoredText(d, o)), 'seq2seq-viz-text-frame');
}

/**
 * Coloured text for a terminal: 24-bit ANSI backgrounds (most terminals), newlines kept.
 * The same scale and domain rules as the SVG.
 */
export function coloredTextToTerminal(data: ColoredTextData, options: Pick<ColoredTextOptions, 'scale' | 'domain'> = {}): string {
  const l = layoutColoredText(data, { ...options, legend: false });
  return l.tokens
    .map((t) => {
      const [r, g, b] = l.scale.color(t.value);
      const fg = textColorOn([r, g, b]) === '#ffffff' ? '97' : '30';
      const text = t.token.replace(/\n/g, '');
      return `\x1b[48;2;${r};${g};${b}m\x1b[${fg}m${text}\x1b[0m${t.token.endsWith('\n') ? '\n' : ''}`;
    })
    .join('');
}
