/**
 * Random distortions of a handwritten digit, for training only (Simard, Steinkraus and Platt
 * 2003, "Best practices for convolutional neural networks applied to visual document analysis"):
 * an affine map about the image centre (rotation, horizontal shear, independent scaling of width
 * and height) followed by an optional elastic displacement field (uniform noise in [-1, 1] per
 * pixel, smoothed by a Gaussian of `elasticSigma` pixels, scaled by `elasticAlpha`). The output
 * has the input's size; each output pixel samples the input bilinearly at its preimage, 0 (the
 * background) outside it.
 *
 * Draw order, every draw uniform from the one random source: rotation, shear, width scale,
 * height scale, then (when `elasticAlpha > 0`) the x and then the y field, row by row.
 */
import type { RandomSource } from '../text/random';
import { DatasetError } from '../errors';
import { checkGrayImage, type GrayImage } from './gray-image';
import { checkRandom } from './random';

/** How strongly {@link distortImage} distorts; each draw is uniform in [-max, max]. */
export interface DistortOptions {
  /** Largest rotation in degrees. Default 10. */
  maxRotation?: number;
  /** Largest horizontal shear `x' = x + shear * y` (about the centre). Default 0.2. */
  maxShear?: number;
  /** Largest relative change of the width, and of the height (drawn apart). Default 0.1. */
  maxScale?: number;
  /** Strength of the elastic field in pixels; 0 turns it off. Default 0. */
  elasticAlpha?: number;
  /** Smoothness of the elastic field: the Gaussian's standard deviation in pixels. Default 4. */
  elasticSigma?: number;
}

/** The defaults of {@link DistortOptions}. */
export const DISTORT_DEFAULTS: Required<DistortOptions> = { maxRotation: 10, maxShear: 0.2, maxScale: 0.1, elasticAlpha: 0, elasticSigma: 4 };

/** A uniform draw in [-max, max]. */
const symmetric = (random: RandomSource, max: number): number => (2 * random.next() - 1) * max;

/**
 * A randomly distorted copy of `image` (see the module comment).
 *
 * @throws DatasetError for a bad image, a random source without `next()`, or a negative or
 * non-finite option (a scale of 1 or more, which could flip or collapse the image).
 */
export function distortImage(image: GrayImage, rng: RandomSource, options: DistortOptions = {}): GrayImage {
  const src = checkGrayImage(image, 'image', 'distortImage');
  const random = checkRandom(rng, 'distortImage');
  const o = { ...DISTORT_DEFAULTS, ...options };
  for (const [name, value] of Object.entries(o)) {
    if (!(Number.isFinite(value) && value >= 0)) throw new DatasetError(`distortImage: expected '${name}' to be a finite number >= 0, got ${String(value)}`);
  }
  if (o.maxScale >= 1) throw new DatasetError(`distortImage: expected 'maxScale' below 1 (a relative change of size), got ${o.maxScale}`);
  if (o.elasticAlpha > 0 && o.elasticSigma === 0) throw new DatasetError(`distortImage: expected 'elasticSigma' > 0 with an elastic field`);
  const { width: w, height: h } = src;
  const angle = (symmetric(random, o.maxRotation) * Math.PI) / 180;
  const shear = symmetric(random, o.maxShear);
  const sx = 1 + symmetric(random, o.maxScale);
  const sy = 1 + symmetric(random, o.maxScale);
  // Forward map of a centred point: rotate(shear(scale(p))); A = R [[1, shear], [0, 1]] diag(sx, sy).
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const a = [cos * sx, (cos * shear - sin) * sy, sin * sx, (sin * shear + cos) * sy];
  const det = a[0]! * a[3]! - a[1]! * a[2]!;
  const inv = [a[3]! / det, -a[1]! / det, -a[2]! / det, a[0]! / det];
  const dx = o.elasticAlpha > 0 ? elasticField(random, w, h, o.elasticAlpha, o.elasticSigma) : null;
  const dy = o.elasticAlpha > 0 ? elasticField(random, w, h, o.elasticAlpha, o.elasticSigma) : null;
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  const out = new Uint8Array(w * h);
  const at = (x: number, y: number) => (x >= 0 && x < w && y >= 0 && y < h ? src.pixels[y * w + x]! : 0);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const px = x - cx + (dx ? dx[y * w + x]! : 0);
      const py = y - cy + (dy ? dy[y * w + x]! : 0);
      const u = inv[0]! * px + inv[1]! * py + cx; // preimage in the input
      const v = inv[2]! * px + inv[3]! * py + cy;
      const x0 = Math.floor(u);
      const y0 = Math.floor(v);
      const fx = u - x0;
      const fy = v - y0;
      const top = at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx;
      const bottom = at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx;
      out[y * w + x] = Math.round(top * (1 - fy) + bottom * fy);
    }
  }
  return { width: w, height: h, pixels: out };
}

/** Uniform noise in [-1, 1] per pixel, Gaussian-smoothed (separable, edges clamped), times alpha. */
function elasticField(random: RandomSource, w: number, h: number, alpha: number, sigma: number): Float64Array {
  const noise = Float64Array.from({ length: w * h }, () => 2 * random.next() - 1);
  const radius = Math.ceil(3 * sigma);
  const kernel = Array.from({ length: 2 * radius + 1 }, (_, i) => Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)));
  const norm = kernel.reduce((s, k) => s + k, 0);
  const blur = (input: Float64Array, horizontal: boolean): Float64Array => {
    const out = new Float64Array(w * h);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        let s = 0;
        for (let i = -radius; i <= radius; i++) {
          const xx = horizontal ? Math.min(w - 1, Math.max(0, x + i)) : x;
          const yy = horizontal ? y : Math.min(h - 1, Math.max(0, y + i));
          s += kernel[i + radius]! * input[yy * w + xx]!;
        }
        out[y * w + x] = s / norm;
      }
    }
    return out;
  };
  const smooth = blur(blur(noise, true), false);
  // Smoothing shrinks the field's spread; alpha scales what is left (Simard et al.'s alpha).
  for (let i = 0; i < smooth.length; i++) smooth[i] = smooth[i]! * alpha;
  return smooth;
}
