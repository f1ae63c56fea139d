/**
 * The causal neighbourhood a pixel's conditional reads (Theis and Bethge 2015, Fig. 1): with
 * radius r, the pixels of the r rows above from column j - r to j + r, and the r pixels to its
 * left in its own row. Every one comes before (i, j) in raster order, so the model of pixel
 * (i, j) never sees (i, j) itself or any later pixel.
 *
 * Features of one position: for each of the N = 2 r (r + 1) offsets, the pixel's value
 * `level / (K - 1)` (0 outside the image), then for each offset 1 inside the image and 0 outside
 * (so a black pixel and the border differ): `2 N` features.
 */
import type { LevelImages } from './images';

/** The offsets `[di, dj]` of the neighbourhood of radius `radius`, rows above first. */
export function causalOffsets(radius: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let di = -radius; di < 0; di++) for (let dj = -radius; dj <= radius; dj++) out.push([di, dj]);
  for (let dj = -radius; dj < 0; dj++) out.push([0, dj]);
  return out;
}

/**
 * Writes the `2 N` features of pixel (i, j) of image `n` of `images` into `out` from `at`.
 * `scale` is `1 / (K - 1)`.
 */
export function writeNeighbourhood(
  out: Float32Array,
  at: number,
  images: LevelImages,
  n: number,
  i: number,
  j: number,
  offsets: ReadonlyArray<readonly [number, number]>,
  scale: number,
): void {
  const { height, width, levels } = images;
  const N = offsets.length;
  const base = n * height * width;
  for (let o = 0; o < N; o++) {
    const y = i + offsets[o]![0];
    const x = j + offsets[o]![1];
    const inside = y >= 0 && x >= 0 && x < width; // y < i <= height - 1, or y = i and x < j
    out[at + o] = inside ? levels[base + y * width + x]! * scale : 0;
    out[at + N + o] = inside ? 1 : 0;
  }
}

/**
 * The features of every pixel of `images` at the given `positions` (`[i, j]` pairs, e.g. in
 * diagonal-major order), batch innermost: row `k * count + n` is position k of image n.
 * `[positions * count, 2 N]` row-major.
 */
export function neighbourhoods(images: LevelImages, positions: ReadonlyArray<readonly [number, number]>, radius: number, levelCount: number): Float32Array {
  const offsets = causalOffsets(radius);
  const F = 2 * offsets.length;
  const out = new Float32Array(positions.length * images.count * F);
  const scale = 1 / (levelCount - 1);
  positions.forEach(([i, j], k) => {
    for (let n = 0; n < images.count; n++) writeNeighbourhood(out, (k * images.count + n) * F, images, n, i, j, offsets, scale);
  });
  return out;
}
