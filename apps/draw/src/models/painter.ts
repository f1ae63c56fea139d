/**
 * Adapter of the stroke painter (`packages/seq2seq/src/painter`): a recurrent policy that
 * reproduces a target image one quadratic Bezier stroke at a time through a differentiable
 * rasteriser. It paints given images; it neither scores nor samples. Its training loss is the
 * reconstruction's binary cross-entropy per pixel (not nats per image).
 */
import { Rng } from '@seq2seq/core';
import {
  PAINTER_KIND,
  Painter,
  painterFromCheckpoint,
  painterManifest,
  painterTask,
  readPaintings,
  type BinaryImageSet,
  type ImageSourceBatch,
  type LoadedCheckpoint,
  type PainterConfig,
} from '@seq2seq/seq2seq';
import type { DrawModel, DrawModelKind, SampleStep, TrainableDrawModel } from './registry';

/** `images` (binary, `size x size`) as the painter's input batch. */
function batch(images: BinaryImageSet, size: number): ImageSourceBatch {
  return { pixels: Float32Array.from(images.bits), shape: { batch: images.count, height: size, width: size, channels: 1 } };
}

/** The images of `images` in batches of `batchSize`, shuffled by `rng` when given. */
function batches(images: BinaryImageSet, size: number, batchSize: number, rng?: Rng): ImageSourceBatch[] {
  const area = size * size;
  const order = rng ? rng.permutation(images.count) : [...Array(images.count).keys()];
  const out: ImageSourceBatch[] = [];
  for (let at = 0; at < order.length; at += batchSize) {
    const part = order.slice(at, at + batchSize);
    const bits = new Uint8Array(part.length * area);
    part.forEach((index, row) => bits.set(images.bits.subarray(index * area, (index + 1) * area), row * area));
    out.push(batch({ count: part.length, bits }, size));
  }
  return out;
}

/** A {@link Painter} as a {@link DrawModel} that paints. */
export function painterDrawModel(model: Painter): DrawModel {
  const { size, steps } = model.config;
  return {
    kind: PAINTER_KIND,
    width: size,
    height: size,
    sampleSteps: steps,
    paint: (targets: Float32Array, n: number, onStep?: (step: SampleStep & { strokes: number[][] }) => void) => {
      const painted = readPaintings(model.eval(), { pixels: targets, shape: { batch: n, height: size, width: size, channels: 1 } });
      const area = size * size;
      for (let t = 0; t < steps; t++) {
        const canvases = new Float32Array(n * area);
        painted.forEach((p, i) => canvases.set(p.canvases[t]!, i * area));
        onStep?.({ step: t + 1, steps, canvases, strokes: painted[0]!.strokes.slice(0, t + 1) });
      }
      const out = new Float32Array(n * area);
      painted.forEach((p, i) => out.set(p.canvases[steps - 1]!, i * area));
      return out;
    },
    dispose: () => model.dispose(),
  };
}

/** The painter (`--config '{"steps": 8}'`, any field of its config). */
export const PAINTER: DrawModelKind = {
  kind: PAINTER_KIND,
  description: 'painter: a recurrent policy reproducing an image stroke by stroke (quadratic Bezier strokes)',
  lossUnit: 'nats/pixel (reconstruction cross-entropy)',
  fromCheckpoint: (loaded: LoadedCheckpoint<unknown, unknown>, where: string) => painterDrawModel(painterFromCheckpoint(loaded as LoadedCheckpoint<PainterConfig, Record<string, unknown>>, where)),
  create: (config): TrainableDrawModel => {
    const model = new Painter(config as PainterConfig);
    const { size, steps } = model.config;
    return {
      module: model,
      task: (data) =>
        painterTask(model, {
          trainBatches: (epoch) => batches(data.train, size, data.batchSize, new Rng(data.seed * 1_000_003 + epoch)),
          devBatches: () => batches(data.dev, size, 100),
        }) as never,
      manifest: (notes) => painterManifest(model, notes),
      summary: () => `painter ${size}x${size}, ${steps} strokes (loss: reconstruction cross-entropy per pixel), ${model.countParameters().toLocaleString('en')} parameters`,
      asDrawModel: () => painterDrawModel(model),
    };
  },
};
