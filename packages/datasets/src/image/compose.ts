/**
 * Pasting images onto a canvas by maximum (bright ink over dark background: where two pieces
 * overlap, the brighter pixel wins) and cropping, the two operations the generators compose
 * scenes from.
 */
import { DatasetError } from '../errors';
import type { GrayImage } from './gray-image';

/**
 * Writes `max(canvas, piece)` over the rectangle of `canvas` whose top-left corner is (x, y),
 * in place. Parts of `piece` outside the canvas are dropped.
 */
export function pasteMax(canvas: GrayImage, piece: GrayImage, x: number, y: number): void {
  for (let py = 0; py < piece.height; py++) {
    const cy = y + py;
    if (cy < 0 || cy >= canvas.height) continue;
    for (let px = 0; px < piece.width; px++) {
      const cx = x + px;
      if (cx < 0 || cx >= canvas.width) continue;
      const value = piece.pixels[py * piece.width + px]!;
      const at = cy * canvas.width + cx;
      if (value > canvas.pixels[at]!) canvas.pixels[at] = value;
    }
  }
}

/** The `width` x `height` rectangle of `image` with top-left corner (x, y), which must fit. */
export function crop(image: GrayImage, x: number, y: number, width: number, height: number): GrayImage {
  if (x < 0 || y < 0 || x + width > image.width || y + height > image.height) {
    throw new DatasetError(
      `crop: the ${width}x${height} rectangle at (${x}, ${y}) is outside the ${image.width}x${image.height} image`,
    );
  }
  const pixels = new Uint8Array(width * height);
  for (let row = 0; row < height; row++) {
    const start = (y + row) * image.width + x;
    pixels.set(image.pixels.subarray(start, start + width), row * width);
  }
  return { width, height, pixels };
}
