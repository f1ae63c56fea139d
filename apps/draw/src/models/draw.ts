/**
 * Adapter of DRAW (Gregor et al. 2015; `packages/seq2seq/src/draw`): a recurrent variational
 * auto-encoder that draws on a canvas glimpse by glimpse. Its score is the negative ELBO, an upper
 * bound on -log p(x) (one draw of the noise, fixed, so a score is reproducible); a sample is the
 * decoder alone, one step per glimpse, with the window each step wrote through.
 */
import * as tf from '@tensorflow/tfjs-core';
import { DRAW_KIND, Draw, drawFromCheckpoint, drawManifest, drawTask, readDrawSequence, type BinaryImageSet, type DrawConfig, type DrawData, type LoadedCheckpoint } from '@seq2seq/seq2seq';
import { Rng } from '@seq2seq/core';
import type { DrawModel, DrawModelKind, SampleStep, ScoreOptions, TrainableDrawModel } from './registry';

/** Images scored per forward pass (the negative ELBO); the importance-weighted bound takes fewer. */
const SCORE_BATCH = 250;
const IMPORTANCE_BATCH = 16;

/** A {@link Draw} as a {@link DrawModel}. */
export function drawDrawModel(model: Draw): DrawModel {
  const { width, height, steps } = model.config;
  const area = width * height;
  return {
    kind: DRAW_KIND,
    width,
    height,
    sampleSteps: steps,
    score: (images: BinaryImageSet, options: ScoreOptions = {}) => {
      const samples = options.importanceSamples ?? 1;
      const batch = samples > 1 ? IMPORTANCE_BATCH : SCORE_BATCH;
      const rng = new Rng(1); // a fixed draw of the noise: a score is reproducible
      let total = 0;
      for (let at = 0; at < images.count; at += batch) {
        const count = Math.min(batch, images.count - at);
        const part = { count, width, height, bits: images.bits.subarray(at * area, (at + count) * area) };
        if (samples > 1) {
          const bound = model.importanceWeightedBound(part, { samples, rng });
          total += (bound.dataSync() as Float32Array).reduce((s, x) => s + x, 0);
          bound.dispose();
        } else {
          const bound = model.negativeElbo(part, { rng: 1 });
          total += (bound.total.dataSync() as Float32Array).reduce((s, x) => s + x, 0);
          tf.dispose([bound.total, bound.reconstruction, bound.kl]);
        }
      }
      return { images: images.count, natsPerImage: total / images.count, bound: true, ...(samples > 1 ? { importanceSamples: samples } : {}) };
    },
    sample: (n: number, rng: Rng, onStep?: (step: SampleStep) => void) => {
      const sequence = model.sample(n, rng);
      try {
        const frames = readDrawSequence(sequence);
        for (let t = 0; t < frames.steps; t++) {
          const windows = frames.write?.[t]?.map((w) => ({ x: w.centreX, y: w.centreY, size: Math.max(1, w.box.right - w.box.left) }));
          onStep?.({ step: t + 1, steps: frames.steps, canvases: frames.canvases[t]!.slice(), ...(windows ? { windows } : {}) });
        }
        return frames.canvases[frames.steps - 1]!.slice();
      } finally {
        sequence.dispose();
      }
    },
    dispose: () => model.dispose(),
  };
}

/** DRAW with or without attention (`--config '{"attention": false}'`). */
export const DRAW: DrawModelKind = {
  kind: DRAW_KIND,
  description: 'DRAW: a recurrent variational auto-encoder drawing glimpse by glimpse (negative ELBO: a bound)',
  fromCheckpoint: (loaded: LoadedCheckpoint<unknown, unknown>, where: string) => drawDrawModel(drawFromCheckpoint(loaded as LoadedCheckpoint<DrawConfig, DrawData>, where)),
  create: (config): TrainableDrawModel => {
    const model = new Draw(config as DrawConfig);
    const c = model.config;
    return {
      module: model,
      task: (data) => drawTask(model, { train: { ...data.train, width: c.width, height: c.height }, dev: { ...data.dev, width: c.width, height: c.height }, batchSize: data.batchSize, seed: data.seed, klWarmupEpochs: data.klWarmupEpochs, importanceSamples: data.importanceSamples }) as never,
      manifest: (notes) => drawManifest(model, notes),
      summary: () => `DRAW ${c.width}x${c.height}, ${c.steps} glimpses${c.attention ? '' : ' (no attention)'}, ${model.countParameters().toLocaleString('en')} parameters`,
      asDrawModel: () => drawDrawModel(model),
    };
  },
};
