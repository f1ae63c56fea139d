/**
 * `seq2seq-draw paint`: the painter reproduces one image stroke by stroke. The image is a PNG
 * (`--image`, gray or colour, resized to the painter's canvas, light ink on dark; a light image
 * is inverted) or test-pool image `--index`. Writes a PNG strip: the target, then the canvas after
 * every stroke; prints one JSON line with the strokes. With `--pool` it paints a whole pool and
 * prints how close the paintings come (cross-entropy and squared error per pixel, ink IoU).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { bitString, decodePng, encodePng, resizeBilinear } from '@seq2seq/datasets/images';
import { parseArgs, UsageError } from './args';
import { poolImages } from './data';
import { loadModel } from './load';
import type { DrawModel } from './models/registry';
import { PAINT_OPTIONS } from './options';
import { startRuntime } from './runtime';
import { sheetImage } from './sheet';

const round = (x: number): number => Math.round(x * 1000) / 1000;
const round5 = (x: number): number => Math.round(x * 1e5) / 1e5;

/** As the painter's training loss: -[x log(C + e) + (1 - x) log(1 - C + e)], e = 1e-6. */
const LOG_EPS = 1e-6;

/** Images painted per call in `--pool` mode. */
const POOL_BATCH = 100;

/** How close a painter's final canvases come to their binary targets, over a whole pool. */
export interface PoolPaintScore {
  images: number;
  /** Mean binary cross-entropy per pixel, in nats (the painter's training loss). */
  bcePerPixel: number;
  /** Mean squared error per pixel. */
  msePerPixel: number;
  /** Intersection over union of the ink: canvas pixels above one half against target ink. */
  inkIoU: number;
}

/** Paints every image of `pool` (the first `count` of its fixed shuffle) and scores the paintings. */
export function paintPool(model: DrawModel, pool: 'train' | 'test', count: number | undefined): PoolPaintScore {
  if (model.width !== 28 || model.height !== 28) throw new UsageError(`--pool: the MNIST pools are 28x28, the painter paints ${model.width}x${model.height}`);
  const { images, indices } = poolImages(pool, count);
  const area = 28 * 28;
  let bce = 0;
  let se = 0;
  let both = 0;
  let either = 0;
  for (let start = 0; start < indices.length; start += POOL_BATCH) {
    const chunk = indices.slice(start, start + POOL_BATCH);
    const targets = new Float32Array(chunk.length * area);
    chunk.forEach((index, i) => {
      const bits = bitString(images, index);
      for (let p = 0; p < area; p++) targets[i * area + p] = bits.charCodeAt(p) === 49 ? 1 : 0;
    });
    const canvases = model.paint!(targets, chunk.length);
    for (let p = 0; p < targets.length; p++) {
      const x = targets[p]!;
      const c = canvases[p]!;
      bce -= x * Math.log(c + LOG_EPS) + (1 - x) * Math.log(1 - c + LOG_EPS);
      se += (c - x) * (c - x);
      const inked = c > 0.5;
      if (inked && x === 1) both += 1;
      if (inked || x === 1) either += 1;
    }
  }
  const pixels = indices.length * area;
  return { images: indices.length, bcePerPixel: bce / pixels, msePerPixel: se / pixels, inkIoU: either ? both / either : 1 };
}

/** The target as gray values in [0, 1], `width x height`, light ink on dark. */
function target(options: Record<string, unknown>, width: number, height: number): Float32Array {
  if (options.image !== undefined && options.index !== undefined) throw new UsageError('paint takes --image FILE or --index N, not both');
  if (options.image !== undefined) {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(options.image as string);
    } catch {
      throw new UsageError(`--image: cannot read '${options.image as string}': expected a PNG file`);
    }
    const image = resizeBilinear(decodePng(bytes), width, height);
    const values = Float32Array.from(image.pixels, (v) => v / 255);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    return mean > 0.5 ? values.map((v) => 1 - v) : values; // dark ink on white paper: inverted
  }
  const { images, indices } = poolImages('test');
  const bits = bitString(images, indices[(options.index as number | undefined) ?? 0]!);
  if (width !== 28 || height !== 28) {
    const gray = { width: 28, height: 28, pixels: Uint8Array.from(bits, (c) => (c === '1' ? 255 : 0)) };
    return Float32Array.from(resizeBilinear(gray, width, height).pixels, (v) => v / 255);
  }
  return Float32Array.from(bits, (c) => (c === '1' ? 1 : 0));
}

export async function paint(argv: string[]): Promise<number> {
  const { options, positional } = parseArgs(argv, PAINT_OPTIONS);
  if (positional.length) throw new UsageError(`paint takes no positional arguments, got '${positional[0]}'`);
  const out = options.out as string;
  if (!out.toLowerCase().endsWith('.png')) throw new UsageError(`--out: expected a file name ending in .png, got '${out}'`);
  await startRuntime(options.backend as string | undefined);
  const { model } = await loadModel(options.model as string);
  try {
    if (!model.paint) throw new UsageError(`--model ${options.model as string} is a '${model.kind}' model, which does not paint: use --model painter`);
    if (options.pool !== undefined) {
      const pool = options.pool as string;
      if (pool !== 'test' && pool !== 'train') throw new UsageError(`--pool: expected test or train, got '${pool}'`);
      if (options.image !== undefined || options.index !== undefined) throw new UsageError('--pool paints a whole pool: it takes no --image or --index');
      const started = performance.now();
      const s = paintPool(model, pool, options.count as number | undefined);
      const seconds = Math.round((performance.now() - started) / 10) / 100;
      process.stdout.write(`${JSON.stringify({ images: s.images, bcePerPixel: round5(s.bcePerPixel), msePerPixel: round5(s.msePerPixel), inkIoU: round(s.inkIoU), seconds })}\n`);
      return 0;
    }
    if (options.count !== undefined) throw new UsageError('--count goes with --pool');
    const { width, height } = model;
    const goal = target(options, width, height);
    const frames: Float32Array[] = [goal];
    let strokes: number[][] = [];
    const started = performance.now();
    model.paint(goal, 1, (step) => {
      frames.push(step.canvases.slice(0, width * height));
      strokes = step.strokes;
    });
    const strip = new Float32Array(frames.length * width * height);
    frames.forEach((f, i) => strip.set(f, i * width * height));
    writeFileSync(out, encodePng(sheetImage(strip, frames.length, width, height, options.scale as number, frames.length)));
    process.stdout.write(`${JSON.stringify({ out, strokes: strokes.map((s) => s.map(round)), seconds: Math.round((performance.now() - started) / 10) / 100 })}\n`);
    return 0;
  } finally {
    model.dispose();
  }
}
