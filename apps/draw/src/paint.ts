/**
 * `seq2seq-draw paint`: the painter reproduces one image stroke by stroke. The image is a PNG
 * (`--image`, gray or colour, resized to the painter's canvas, light ink on dark; a light image
 * is inverted) or test-pool image `--index`. Writes a PNG strip: the target, then the canvas after
 * every stroke; prints one JSON line with the strokes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { bitString, decodePng, encodePng, resizeBilinear } from '@seq2seq/datasets/images';
import { parseArgs, UsageError } from './args';
import { poolImages } from './data';
import { loadModel } from './load';
import { PAINT_OPTIONS } from './options';
import { startRuntime } from './runtime';
import { sheetImage } from './sheet';

const round = (x: number): number => Math.round(x * 1000) / 1000;

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
