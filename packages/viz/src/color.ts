/**
 * Colour scales whose luminance is monotone, so a picture reads correctly in grey, to colour-blind
 * readers and on a projector. Colours are interpolated in linear-light RGB between stops whose
 * relative luminance (WCAG 2.x) is strictly ordered; luminance is linear in linear-light RGB, so
 * it is piecewise linear, hence monotone, along the scale.
 *
 * - sequential: near white (0) to dark blue (1), for weights and probabilities;
 * - diverging: blue (-1), near white (0), red (+1), for signed activations such as tanh units;
 *   luminance falls with |value| on both sides.
 */
import { VizError } from './errors';

/** A colour as sRGB channels in 0..255. */
export type Rgb = readonly [number, number, number];

/** sRGB stops of the sequential scale, lightest first. */
const SEQUENTIAL: readonly Rgb[] = [
  [247, 251, 255],
  [198, 219, 239],
  [107, 174, 214],
  [33, 113, 181],
  [8, 48, 107],
];

/** sRGB stops of the diverging scale from -1 to +1 (ColorBrewer RdBu, reversed). */
const DIVERGING: readonly Rgb[] = [
  [5, 48, 97],
  [67, 147, 195],
  [209, 229, 240],
  [247, 247, 247],
  [253, 219, 199],
  [214, 96, 77],
  [103, 0, 31],
];

function toLinear(channel: number): number {
  const c = channel / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

function toSrgb(linear: number): number {
  const c = linear <= 0.0031308 ? linear * 12.92 : 1.055 * linear ** (1 / 2.4) - 0.055;
  return Math.round(Math.min(1, Math.max(0, c)) * 255);
}

/** Relative luminance of an sRGB colour (WCAG 2.x), 0 (black) to 1 (white). */
export function luminance([r, g, b]: Rgb): number {
  return 0.2126 * toLinear(r) + 0.7152 * toLinear(g) + 0.0722 * toLinear(b);
}

function interpolate(stops: readonly Rgb[], t: number): Rgb {
  const x = Math.min(1, Math.max(0, Number.isNaN(t) ? 0 : t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const a = stops[i]!;
  const b = stops[i + 1]!;
  return [0, 1, 2].map((k) => toSrgb(toLinear(a[k]!) * (1 - f) + toLinear(b[k]!) * f)) as unknown as Rgb;
}

/** The sequential scale at `t` in [0, 1] (clamped): light for 0, dark for 1. */
export function sequentialColor(t: number): Rgb {
  return interpolate(SEQUENTIAL, t);
}

/** The diverging scale at `v` in [-1, 1] (clamped): blue below 0, near white at 0, red above. */
export function divergingColor(v: number): Rgb {
  return interpolate(DIVERGING, (v + 1) / 2);
}

/** `#rrggbb` for a colour. */
export function hex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/** Black or white, whichever reads better on `background`. */
export function textColorOn(background: Rgb): string {
  return luminance(background) > 0.35 ? '#111111' : '#ffffff';
}

/** Which scale a picture colours its values with. */
export type ColorScaleKind = 'sequential' | 'diverging';

/** A value-to-colour mapping over a domain, as the pictures use it. */
export interface ColorScale {
  kind: ColorScaleKind;
  /** `[min, max]` for sequential; `[-m, m]` (symmetric about 0) for diverging. */
  domain: readonly [number, number];
  /** The colour of a value. */
  color(value: number): Rgb;
}

/**
 * A scale over `values`: sequential over `[min(0, min), max]` unless `domain` is given; diverging
 * over `[-m, m]` with `m = max |value|` (or the given domain), so 0 is always the neutral colour.
 */
export function colorScale(kind: ColorScaleKind, values: readonly number[], domain?: readonly [number, number]): ColorScale {
  if (domain && !(domain[1] > domain[0])) throw new VizError(`domain must be [low, high] with high > low; got [${domain.join(', ')}]`);
  if (kind === 'diverging') {
    const m = domain ? Math.max(Math.abs(domain[0]), Math.abs(domain[1])) : Math.max(1e-12, ...values.map(Math.abs));
    return { kind, domain: [-m, m], color: (v) => divergingColor(v / m) };
  }
  const lo = domain ? domain[0] : Math.min(0, ...values);
  const hi = domain ? domain[1] : Math.max(lo + 1e-12, ...values);
  return { kind, domain: [lo, hi], color: (v) => sequentialColor((v - lo) / (hi - lo)) };
}
