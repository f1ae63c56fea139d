/**
 * Adapter of the spatial LSTM density (RIDE; Theis and Bethge 2015; `packages/seq2seq/src/spatial`)
 * over binarised images (2 levels): exact nats per image, samples pixel by pixel in raster order
 * (one step per row of every image, as the sampler reports them).
 */
import { Rng } from '@seq2seq/core';
import {
  RECURRENT_IMAGE_DENSITY_KIND,
  RecurrentImageDensity,
  levelImageBatches,
  recurrentImageDensityFromCheckpoint,
  recurrentImageDensityManifest,
  recurrentImageDensityTask,
  type BinaryImageSet,
  type LevelImages,
  type LoadedCheckpoint,
  type RecurrentImageDensityConfig,
} from '@seq2seq/seq2seq';
import type { DrawModel, DrawModelKind, SampleStep, TrainableDrawModel } from './registry';

/** The app's images: binarised MNIST. */
const SIZE = 28;
/** Images scored per forward pass. */
const SCORE_BATCH = 100;

const levels = (images: BinaryImageSet): LevelImages => ({ count: images.count, height: SIZE, width: SIZE, levels: images.bits });

/** A {@link RecurrentImageDensity} (2 levels) as a {@link DrawModel} of 28x28 binary images. */
export function spatialDrawModel(model: RecurrentImageDensity): DrawModel {
  const scale = 1 / (model.config.levels - 1);
  return {
    kind: RECURRENT_IMAGE_DENSITY_KIND,
    width: SIZE,
    height: SIZE,
    sampleSteps: SIZE,
    score: (images: BinaryImageSet) => {
      let total = 0;
      for (let at = 0; at < images.count; at += SCORE_BATCH) {
        const count = Math.min(SCORE_BATCH, images.count - at);
        const nll = model.negativeLogLikelihood({ count, height: SIZE, width: SIZE, levels: images.bits.subarray(at * SIZE * SIZE, (at + count) * SIZE * SIZE) });
        total += (nll.dataSync() as Float32Array).reduce((s, x) => s + x, 0);
        nll.dispose();
      }
      return { images: images.count, natsPerImage: total / images.count, bound: false };
    },
    sample: (n: number, rng: Rng, onStep?: (step: SampleStep) => void) => {
      const out = model.sample(n, SIZE, SIZE, rng, (row, images) => onStep?.({ step: row + 1, steps: SIZE, canvases: Float32Array.from(images.levels, (v) => v * scale) }));
      return Float32Array.from(out.levels, (v) => v * scale);
    },
    dispose: () => model.dispose(),
  };
}

/** The spatial LSTM over binarised MNIST (`--config '{"hiddenSize": 32}'`, any field of its config). */
export const SPATIAL_LSTM: DrawModelKind = {
  kind: RECURRENT_IMAGE_DENSITY_KIND,
  aliases: ['spatial-lstm'],
  description: 'spatial LSTM (RIDE): each pixel from a 2-D LSTM over the pixels before it (exact nats)',
  fromCheckpoint: (loaded: LoadedCheckpoint<unknown, unknown>, where: string) =>
    spatialDrawModel(recurrentImageDensityFromCheckpoint(loaded as LoadedCheckpoint<RecurrentImageDensityConfig, Record<string, unknown>>, where)),
  create: (config): TrainableDrawModel => {
    const model = new RecurrentImageDensity(config as RecurrentImageDensityConfig);
    return {
      module: model,
      task: (data) =>
        recurrentImageDensityTask(model, {
          trainBatches: (epoch) => levelImageBatches(levels(data.train), data.batchSize, new Rng(data.seed * 1_000_003 + epoch)),
          devBatches: () => levelImageBatches(levels(data.dev), 100),
        }) as never,
      manifest: (notes) => recurrentImageDensityManifest(model, notes),
      summary: () => `spatial LSTM ${SIZE}x${SIZE}, ${model.config.levels} levels, ${model.countParameters().toLocaleString('en')} parameters`,
      asDrawModel: () => spatialDrawModel(model),
    };
  },
};

