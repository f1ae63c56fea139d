/**
 * One `read` input line -> a model-ready gray image, or a clear error: `{"png": base64}` or
 * `{"path": file}`; any PNG (colour converted to gray); dark ink on light paper is inverted (the
 * model reads light digits on black, as MNIST); an image of the model's shape but another size is
 * resized bilinearly, any other shape rejected.
 */
import { readFile } from 'node:fs/promises';
import { decodePng, resizeBilinear, type GrayImage } from '@seq2seq/datasets/images';

/** Aspect ratios closer than this (relative) count as the same shape. */
export const ASPECT_TOLERANCE = 0.05;

/** A line that cannot be read, with the reason to print. */
export class InputLineError extends Error {}

/** Parses one line and loads its image (as given, before any fitting). */
export async function imageOfLine(line: string): Promise<GrayImage> {
  let request: unknown;
  try {
    request = JSON.parse(line);
  } catch {
    throw new InputLineError('not a JSON line: expected {"png": "<base64 of a PNG>"} or {"path": "file.png"}');
  }
  const r = request as { png?: unknown; path?: unknown };
  let bytes: Uint8Array;
  if (request !== null && typeof request === 'object' && typeof r.png === 'string') {
    if (!/^[A-Za-z0-9+/=\s]*$/.test(r.png)) throw new InputLineError('"png" is not base64');
    bytes = new Uint8Array(Buffer.from(r.png, 'base64'));
  } else if (request !== null && typeof request === 'object' && typeof r.path === 'string') {
    try {
      bytes = new Uint8Array(await readFile(r.path));
    } catch (e) {
      throw new InputLineError(`cannot read "${r.path}": ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  } else {
    throw new InputLineError('expected {"png": "<base64 of a PNG>"} or {"path": "file.png"}');
  }
  try {
    return decodePng(bytes);
  } catch (e) {
    throw new InputLineError((e as Error).message);
  }
}

/** Fits `image` to `width` x `height` (see the module comment); says what it did. */
export function fitImage(image: GrayImage, width: number, height: number): { image: GrayImage; inverted: boolean } {
  if (image.width !== width || image.height !== height) {
    const ratio = image.width / image.height / (width / height);
    if (Math.abs(ratio - 1) > ASPECT_TOLERANCE) {
      throw new InputLineError(`the model reads ${width}x${height} images; got ${image.width}x${image.height}, another shape (images of the same shape are resized, others rejected)`);
    }
    image = resizeBilinear(image, width, height);
  }
  let sum = 0;
  for (const p of image.pixels) sum += p;
  const inverted = sum / image.pixels.length > 127.5;
  if (inverted) image = { width: image.width, height: image.height, pixels: image.pixels.map((p) => 255 - p) };
  return { image, inverted };
}
