/**
 * Connectivity (saliency): how much each earlier input contributes to one prediction, drawn
 * under the text as a bar above each token and a background of the same intensity (Madsen
 * 2019, "Visualizing memorization in RNNs", Distill: the gradient norm of the prediction at
 * position `target` with respect to each input). The predicted position is outlined and marked;
 * positions after it cannot contribute and are drawn grey.
 */
import { colorScale, hex, textColorOn, type ColorScale } from './color';
import { mountPicture, titleOf, type Interactive, type PictureHandle } from './dom';
import { VizError } from './errors';
import { flowTokens, MONOSPACE_FONT, tokenAt, type FlowToken } from './flow';
import { el, escapeXml, svgRoot } from './svg';
import { measureText } from './text';
import { finiteValues, labelCount, type Numbers } from './validate';

/** Inputs, their contributions, and the position predicted. */
export interface SaliencyData {
  /** The input tokens or characters. */
  tokens: readonly string[];
  /** One non-negative contribution per token (e.g. a gradient norm); only `0..target` are drawn. */
  contributions: Numbers;
  /** Index of the token whose prediction is explained. */
  target: number;
  /** What was predicted there (shown beside the mark), optional. */
  prediction?: string;
}

/** Options of the saliency picture; every field has a default. */
export interface SaliencyOptions {
  /** Wrap width in pixels. Default 560. */
  width?: number;
  /** Font size in pixels. Default 14. */
  fontSize?: number;
  /** Height of the tallest bar in pixels. Default 18. */
  barHeight?: number;
  /** Accessible name. Default "Contribution of each input to the prediction at position T". */
  label?: string;
}

/** Where everything goes. */
export interface SaliencyLayout {
  width: number;
  height: number;
  fontSize: number;
  tokens: (FlowToken & { contribution: number; share: number; color: string; bar: { x: number; y: number; width: number; height: number } | null })[];
  target: number;
  prediction?: string;
  scale: ColorScale;
  label: string;
}

/** Checks the data and lays it out. */
export function layoutSaliency(data: SaliencyData, options: SaliencyOptions = {}): SaliencyLayout {
  const contributions = finiteValues(data.contributions, 'contributions');
  const tokens = labelCount(data.tokens, contributions.length, 'tokens', 'contribution');
  const negative = contributions.findIndex((c) => c < 0);
  if (negative >= 0) throw new VizError(`contributions[${negative}] is ${contributions[negative]}; expected magnitudes >= 0 (take the absolute value or the norm)`);
  const { target } = data;
  if (!Number.isInteger(target) || target < 0 || target >= tokens.length) throw new VizError(`target is ${target}; expected a token index in 0..${tokens.length - 1}`);
  const fontSize = options.fontSize ?? 14;
  const barHeight = options.barHeight ?? 18;
  const width = options.width ?? 560;
  const gap = tokens.every((t) => [...t].length <= 1) ? 1 : 4;
  const lineHeight = fontSize * 1.4 + barHeight + 8;
  const flow = flowTokens(tokens, { x0: 4, y0: 4, width, fontSize, lineHeight, gap });
  const earlier = contributions.slice(0, target + 1);
  const max = Math.max(1e-12, ...earlier);
  const total = earlier.reduce((a, b) => a + b, 0) || 1;
  const scale = colorScale('sequential', earlier, [0, max]);
  const lines = (flow[flow.length - 1]?.line ?? 0) + 1;
  return {
    width: width + 8,
    height: lines * lineHeight + 8 + fontSize * 1.6,
    fontSize,
    tokens: flow.map((t) => {
      const counts = t.index <= target;
      const c = contributions[t.index]!;
      const h = counts ? (c / max) * barHeight : 0;
      return { ...t, contribution: c, share: counts ? c / total : 0, color: counts ? hex(scale.color(c)) : '#eeeeee', bar: counts ? { x: t.x + 1, y: t.y - 2 - h, width: Math.max(1, t.width - 2), height: h } : null };
    }),
    target,
    prediction: data.prediction,
    scale,
    label: options.label ?? `Contribution of each input to the prediction at position ${target}${data.prediction ? ` (“${data.prediction}”)` : ''}`,
  };
}

function describe(l: SaliencyLayout, i: number): string {
  const t = l.tokens[i]!;
  if (t.index > l.target) return `“${t.shown}” (position ${t.index}) comes after the prediction at ${l.target}`;
  const mark = t.index === l.target ? ', the predicted position' : '';
  return `“${t.shown}” (position ${t.index}${mark}): contribution ${t.contribution.toPrecision(3)}, ${(t.share * 100).toFixed(1)}% of the total`;
}

function renderLayout(l: SaliencyLayout): string {
  const target = l.tokens[l.target]!;
  const tokens = l.tokens.map((t, i) =>
    el('g', { class: t.index === l.target ? 'token target' : 'token', 'data-index': t.index }, [
      titleOf(describe(l, i)),
      t.bar ? el('rect', { class: 'bar', x: t.bar.x, y: t.bar.y, width: t.bar.width, height: t.bar.height, fill: '#08519c' }) : '',
      el('rect', { x: t.x, y: t.y, width: t.width, height: t.height, fill: t.color }),
      el('text', { x: t.x + 1, y: t.y + t.height * 0.72, fill: t.index > l.target ? '#999' : textColorOn(l.scale.color(t.contribution)), 'xml:space': 'preserve' }, escapeXml(t.shown)),
    ]),
  );
  const markY = target.y + target.height + l.fontSize * 1.1;
  // The mark reads from the target rightwards, or ends at it when it would leave the picture.
  const mark = `▲ predicted${l.prediction !== undefined ? `: “${l.prediction}”` : ''}`;
  const fits = target.x + measureText(mark, l.fontSize * 0.85) <= l.width - 2;
  const [markX, markAnchor] = fits ? [target.x, 'start'] : [target.x + target.width, 'end'];
  return svgRoot(l.width, l.height, l.label, [
    el('g', { class: 'tokens', 'font-size': l.fontSize, 'font-family': MONOSPACE_FONT }, tokens),
    el('rect', { class: 'target-mark', x: target.x - 1, y: target.y - 1, width: target.width + 2, height: target.height + 2, fill: 'none', stroke: '#d94801', 'stroke-width': 2 }),
    el('text', { x: markX, y: markY, 'text-anchor': markAnchor, 'font-size': l.fontSize * 0.85, fill: '#d94801' }, escapeXml(mark)),
  ], 'seq2seq-viz seq2seq-viz-saliency');
}

/** The saliency picture as an SVG string. */
export function saliencySvg(data: SaliencyData, options: SaliencyOptions = {}): string {
  return renderLayout(layoutSaliency(data, options));
}

function interactive(l: SaliencyLayout): Interactive {
  return {
    svg: renderLayout(l),
    count: l.tokens.length,
    columns: 1,
    hitTest: (x, y) => {
      // The bar above a token belongs to the token.
      const hit = tokenAt(l.tokens, x, y);
      return hit >= 0 ? hit : l.tokens.findIndex((t) => t.bar && x >= t.x && x < t.x + t.width && y >= t.y - 2 - (t.bar.height + 4) && y < t.y);
    },
    describe: (i) => describe(l, i),
    box: (i) => l.tokens[i]!,
  };
}

/** Draws the saliency picture into `element`; hover, tap or the arrow keys name a token's share. */
export function renderSaliency(element: HTMLElement, data: SaliencyData, options: SaliencyOptions = {}): PictureHandle<SaliencyData, SaliencyOptions> {
  return mountPicture(element, data, options, (d, o) => interactive(layoutSaliency(d, o)), 'seq2seq-viz-saliency-frame');
}
