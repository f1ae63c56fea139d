/**
 * Bilinear resampling with half-pixel centres, the convention of OpenCV's `INTER_LINEAR`, PIL's
 * bilinear filter without antialiasing and `tf.image.resizeBilinear(..., halfPixelCenters: true)`:
 * output pixel (x, y) samples the input at
 *
 *     u = (x + 0.5) * inWidth / outWidth - 0.5,   v = (y + 0.5) * inHeight / outHeight - 0.5
 *
 * clamped to the image, weighting the four neighbours by distance; the result is rounded to the
 * nearest integer. No antialiasing: shrinking by more than 2x skips pixels.
 */
import { DatasetError } from '../errors';
import { checkGrayImage, type GrayImage } from './gray-image';

/**
 * Resizes `image` to `width` x `height` by bilinear interpolation (half-pixel centres, see the
 * module comment). A size equal to the input's copies that axis exactly.
 *
 * @throws DatasetError if `image` is not a GrayImage or a size is not a positive integer.
 */
export function resizeBilinear(image: GrayImage, width: number, height: number): GrayImage {
  const src = checkGrayImage(image, 'image', 'resizeBilinear');
  for (const [name, value] of [['width', width], ['height', height]] as const) {
    if (!Number.isInteger(value) || value <= 0) {
      throw new DatasetError(`resizeBilinear: expected '${name}' to be a positive integer, got ${value}`);
    }
  }
  const xs = samplePositions(src.width, width);
  const ys = samplePositions(src.height, height);
  const out = new Uint8Array(width * height);
  const p = src.pixels;
  for (let y = 0; y < height; y++) {
    const { lo: y0, hi: y1, frac: fy } = ys[y]!;
    for (let x = 0; x < width; x++) {
      const { lo: x0, hi: x1, frac: fx } = xs[x]!;
      const top = p[y0 * src.width + x0]! * (1 - fx) + p[y0 * src.width + x1]! * fx;
      const bottom = p[y1 * src.width + x0]! * (1 - fx) + p[y1 * src.width + x1]! * fx;
      out[y * width + x] = Math.round(top * (1 - fy) + bottom * fy);
    }
  }
  return { width, height, pixels: out };
}

interface Sample {
  lo: number;
  hi: number;
  frac: number;
}

/** For each output index, the two input indices it falls between and the weight of the second. */
function samplePositions(inSize: number, outSize: number): Sample[] {
  const scale = inSize / outSize;
  const samples: Sample[] = [];
  for (let i = 0; i < outSize; i++) {
    const u = Math.min(Math.max((i + 0.5) * scale - 0.5, 0), inSize - 1);
    const lo = Math.floor(u);
    samples.push({ lo, hi: Math.min(lo + 1, inSize - 1), frac: u - lo });
  }
  return samples;
}
