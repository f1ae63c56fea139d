/**
 * Adapter of the binary density baselines of `@seq2seq/seq2seq` (`density/`): the FVSBN (every
 * pixel a logistic regression on the pixels before it; exact likelihood) and independent
 * Bernoulli pixels. Sampling goes pixel by pixel, so a step is one pixel of every image.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  FVSBN_KIND,
  Fvsbn,
  PIXEL_BERNOULLI_KIND,
  PixelBernoulli,
  binaryDensityFromCheckpoint,
  binaryDensityManifest,
  binaryDensityTask,
  scoreBinaryImages,
  type BinaryDensityConfig,
  type BinaryDensityModel,
  type BinaryImageSet,
  type FvsbnConfig,
  type LoadedCheckpoint,
  type PixelBernoulliConfig,
} from '@seq2seq/seq2seq';
import type { Rng } from '@seq2seq/core';
import type { DrawModel, DrawModelKind, SampleStep, TrainableDrawModel } from './registry';

/** A {@link BinaryDensityModel} as a {@link DrawModel}. */
export function densityDrawModel(model: BinaryDensityModel): DrawModel {
  const pixels = model.width * model.height;
  return {
    kind: model.kind,
    width: model.width,
    height: model.height,
    sampleSteps: pixels,
    score: (images: BinaryImageSet) => {
      const s = scoreBinaryImages(model, { count: images.count, pixels, bits: images.bits });
      return { images: s.images, natsPerImage: s.natsPerImage, bound: s.bound };
    },
    sample: (n: number, rng: Rng, onStep?: (step: SampleStep) => void) => {
      const bits = model.sample(n, rng, onStep ? (pixel, sofar) => onStep({ step: pixel + 1, steps: pixels, canvases: Float32Array.from(sofar) }) : undefined);
      return Float32Array.from(bits);
    },
    dispose: () => model.dispose(),
  };
}

function trainable(model: BinaryDensityModel & { config: BinaryDensityConfig }, describe: string): TrainableDrawModel {
  return {
    module: model,
    task: (data) => binaryDensityTask(model, data) as never,
    manifest: (notes) => binaryDensityManifest(model, notes),
    summary: () => `${describe}, ${model.countParameters().toLocaleString('en')} parameters`,
    initialise: (train) => {
      // Start every pixel's bias at its (smoothed) log-odds of ink: the independent model is
      // where training begins, instead of 784 ln 2 = 543 nats per image.
      const independent = new PixelBernoulli({ width: model.width, height: model.height }).fit({ count: train.count, pixels: model.width * model.height, bits: train.bits });
      const bias = model instanceof Fvsbn ? model.bias : (model as PixelBernoulli).logits;
      tf.tidy(() => bias.assign(independent.logits));
      independent.dispose();
    },
    asDrawModel: () => densityDrawModel(model),
  };
}

const fromCheckpoint = (loaded: LoadedCheckpoint<unknown, unknown>, where: string): DrawModel =>
  densityDrawModel(binaryDensityFromCheckpoint(loaded as LoadedCheckpoint<BinaryDensityConfig, Record<string, unknown>>, where));

/** The fully visible sigmoid belief net. */
export const FVSBN: DrawModelKind = {
  kind: FVSBN_KIND,
  description: 'fully visible sigmoid belief net: each pixel a logistic regression on the pixels before it (exact nats)',
  fromCheckpoint,
  create: (config) => {
    const model = new Fvsbn(config as FvsbnConfig);
    return trainable(model, `FVSBN ${model.width}x${model.height} (L2 ${model.config.l2})`);
  },
};

/** Independent Bernoulli pixels. */
export const PIXEL_BERNOULLI: DrawModelKind = {
  kind: PIXEL_BERNOULLI_KIND,
  description: 'independent pixels: one Bernoulli probability per pixel (exact nats)',
  fromCheckpoint,
  create: (config) => {
    const model = new PixelBernoulli(config as PixelBernoulliConfig);
    return trainable(model, `independent pixels ${model.width}x${model.height}`);
  },
};
