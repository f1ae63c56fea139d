/**
 * Sampling from a {@link RecurrentImageDensity} pixel by pixel in raster order, as a generator:
 * it yields each pixel's `[count, K]` probabilities and receives their host values, so one
 * program runs synchronously ({@link runImageSampler}, `dataSync`) and asynchronously
 * ({@link runImageSamplerAsync}, `await data()`, for WebGPU). The driver disposes what it reads.
 *
 * Pixel (i, j) steps every LSTM layer once (`SpatialLstm.step`) from the states of (i - 1, j),
 * kept for the previous row, and of (i, j - 1); its input is the causal neighbourhood of the
 * pixels drawn so far.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { SpatialState } from '@seq2seq/cells';
import type { Rng } from '@seq2seq/core';
import type { LevelImages } from './images';
import type { RecurrentImageDensity } from './model';
import { writeNeighbourhood } from './neighbourhood';

/** Options of the sampler. */
export interface ImageSampleOptions {
  /** Called after each finished row with the row index and the images drawn so far (later rows 0). */
  onRow?: (row: number, images: LevelImages) => void;
}

/** A sampler: yields `[count, K]` probabilities, receives their values, returns the images. */
export type ImageSampleProgram = Generator<tf.Tensor2D, LevelImages, Float32Array>;

/** The sampling program; see the module comment. */
export function* imageSampleProgram(model: RecurrentImageDensity, size: { count: number; height: number; width: number }, rng: Rng, options: ImageSampleOptions = {}): ImageSampleProgram {
  const { count, height, width } = size;
  const K = model.config.levels;
  const F = model.inputSize;
  const images: LevelImages & { levels: Uint8Array } = { count, height, width, levels: new Uint8Array(count * height * width) };
  const scale = 1 / (K - 1);
  const x = new Float32Array(count * F);
  let previous: SpatialState[][] = []; // row i - 1, by column
  let current: SpatialState[][] = []; // row i, columns < j
  const free = (row: SpatialState[][]): void => {
    for (const layers of row) for (const s of layers) tf.dispose([s.h, s.c]);
  };
  try {
    for (let i = 0; i < height; i++) {
      for (let j = 0; j < width; j++) {
        for (let n = 0; n < count; n++) writeNeighbourhood(x, n * F, images, n, i, j, model.offsets, scale);
        const input = tf.tensor2d(x, [count, F]);
        const states = model.lstm.step(input, i > 0 ? previous[j]! : null, j > 0 ? current[j - 1]! : null); // per layer [count, H]
        input.dispose();
        current.push(states);
        const probs = tf.tidy(() => tf.softmax(model.readout(states[states.length - 1]!.h))); // [count, K]
        const p = yield probs;
        for (let n = 0; n < count; n++) {
          let u = rng.next();
          let level = K - 1;
          for (let k = 0; k < K; k++) {
            u -= p[n * K + k]!;
            if (u < 0) {
              level = k;
              break;
            }
          }
          images.levels[(n * height + i) * width + j] = level;
        }
      }
      free(previous);
      previous = current;
      current = [];
      options.onRow?.(i, images);
    }
  } finally {
    free(previous);
    free(current);
  }
  return images;
}

/** Runs a sampler, reading with `dataSync`. */
export function runImageSampler(program: ImageSampleProgram): LevelImages {
  let step = program.next();
  while (!step.done) {
    const probs = step.value;
    let values: Float32Array;
    try {
      values = probs.dataSync() as Float32Array;
    } catch (e) {
      program.return(undefined as never); // frees the kept states
      throw e;
    } finally {
      probs.dispose();
    }
    step = program.next(values);
  }
  return step.value;
}

/** Runs a sampler, reading with `await data()`. */
export async function runImageSamplerAsync(program: ImageSampleProgram): Promise<LevelImages> {
  let step = program.next();
  while (!step.done) {
    const probs = step.value;
    let values: Float32Array;
    try {
      values = (await probs.data()) as Float32Array;
    } catch (e) {
      program.return(undefined as never); // frees the kept states
      throw e;
    } finally {
      probs.dispose();
    }
    step = program.next(values);
  }
  return step.value;
}
