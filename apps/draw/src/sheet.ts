/** A sheet of images: `n` canvases of `width x height` values in [0, 1] in a grid, as a gray image (ink white). */
import type { GrayImage } from '@seq2seq/datasets/images';

/** Lays out `canvases` (`[n, height * width]`) `columns` per row with a 1-pixel gap, each pixel `scale` times. */
export function sheetImage(canvases: Float32Array, n: number, width: number, height: number, scale = 1, columns = Math.ceil(Math.sqrt(n))): GrayImage {
  const rows = Math.ceil(n / columns);
  const cellW = width * scale + 1;
  const cellH = height * scale + 1;
  const W = columns * cellW + 1;
  const H = rows * cellH + 1;
  const pixels = new Uint8Array(W * H).fill(64); // the gaps: dark gray
  for (let i = 0; i < n; i++) {
    const x0 = (i % columns) * cellW + 1;
    const y0 = Math.floor(i / columns) * cellH + 1;
    for (let y = 0; y < height * scale; y++) {
      for (let x = 0; x < width * scale; x++) {
        const v = canvases[i * width * height + Math.floor(y / scale) * width + Math.floor(x / scale)]!;
        pixels[(y0 + y) * W + x0 + x] = Math.round(Math.min(1, Math.max(0, v)) * 255);
      }
    }
  }
  return { width: W, height: H, pixels };
}
