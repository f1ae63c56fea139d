/**
 * Reading images with a trained {@link ImageToSequence}: encode, then greedy or beam decoding
 * through the shared decoders, with each output token's attention over the feature grid.
 */
import { InputError } from '@seq2seq/core';
import { beamSearch } from '../decoding/beam';
import { ensembleStepModel } from '../decoding/ensemble';
import { greedyDecode } from '../decoding/greedy';
import { EOS_ID, SOS_ID, type ImageSourceBatch } from './batch';
import type { EncodedImages, ImageToSequence } from './model';
import { checkShift, shiftImages, type ImageShift } from './shift';
import type { SymbolVocabulary } from './vocabulary';

/** Options of {@link readImages}. */
export interface ReadImagesOptions {
  /** Beam width; 1 = greedy decoding. Default 1. */
  beamWidth?: number;
  /** Most output tokens per image. Default 32. */
  maxLength?: number;
  /**
   * Test-time shifts (see `shiftGrid`): every model reads every image moved by each `[dx, dy]`
   * (zero filled), and all of these readings decode as one ensemble. Default `[[0, 0]]`: the
   * images as they are.
   */
  shifts?: readonly ImageShift[];
}

/** What the model read in one image. */
export interface ImageReading {
  /** The symbols joined by the vocabulary's separator, e.g. `"40712"`. */
  text: string;
  /** Output ids, without `<sos>` / `<eos>`. */
  tokens: number[];
  /** Sum of the tokens' log-probabilities (the end token included when emitted). */
  logProb: number;
  /**
   * For every output step (each token, then `<eos>` when emitted), the attention over the grid
   * positions, row by row: `attention[s][r * grid.width + c]`.
   */
  attention: number[][];
  /** The feature grid the attention is over; it covers the whole image. */
  grid: { height: number; width: number };
  /** Whether `<eos>` was emitted (false when cut at `maxLength`). */
  finished: boolean;
}

/**
 * Reads every image of `images` (each model is switched to eval mode for it and back).
 *
 * `model` may be several models (an ensemble) that read images of one size into one vocabulary:
 * they decode as one, each next token's distribution the average of theirs (see
 * `ensembleStepModel`); the attention reported is then the members' average where their grids
 * agree, else the first member's, and `grid` is the first member's. With `shifts`, every
 * (model, shift) pair is a member: the models times the shifts.
 *
 * @throws InputError for a bad option (a shift not `[dx, dy]` of integers smaller than the
 * image), an empty ensemble, or members that disagree on the image size or the vocabulary.
 */
export function readImages(model: ImageToSequence | readonly ImageToSequence[], vocabulary: SymbolVocabulary, images: ImageSourceBatch, options: ReadImagesOptions = {}): ImageReading[] {
  const beamWidth = options.beamWidth ?? 1;
  const maxLength = options.maxLength ?? 32;
  if (!Number.isInteger(beamWidth) || beamWidth < 1) throw new InputError(`readImages: 'beamWidth' must be an integer >= 1, got ${String(beamWidth)}`);
  if (!Number.isInteger(maxLength) || maxLength < 1) throw new InputError(`readImages: 'maxLength' must be an integer >= 1, got ${String(maxLength)}`);
  const shifts = options.shifts ?? [[0, 0]];
  if (!Array.isArray(shifts) || shifts.length === 0) throw new InputError(`readImages: 'shifts' must be a non-empty array of [dx, dy], got ${JSON.stringify(shifts)}`);
  for (const shift of shifts) checkShift(shift, images.shape.height, images.shape.width, 'readImages');
  const models = Array.isArray(model) ? (model as readonly ImageToSequence[]) : [model as ImageToSequence];
  checkEnsemble(models);
  const wasTraining = models.map((m) => m.training);
  const encodings: EncodedImages[] = [];
  const sessions: Array<ReturnType<ImageToSequence['stepModel']>> = [];
  try {
    for (const m of models) {
      m.eval();
      for (const shift of shifts) {
        const enc = m.encode(shiftImages(images, shift));
        encodings.push(enc);
        sessions.push(m.stepModel(enc));
      }
    }
    const one = sessions.length === 1 ? sessions[0]! : ensembleStepModel(sessions.map((s) => s.model), sessions.map((s) => s.initialState));
    const decode = { startToken: SOS_ID, endToken: EOS_ID, maxLength };
    const rows = images.shape.batch;
    const best = beamWidth === 1 ? greedyDecode(one.model, one.initialState, rows, decode) : beamSearch(one.model, one.initialState, rows, { ...decode, beamWidth }).map((h) => h[0]!);
    const grid = encodings[0]!.grid;
    return best.map((h) => ({ text: vocabulary.decode(h.tokens), tokens: h.tokens, logProb: h.logProb, attention: h.attention, grid, finished: h.finished }));
  } finally {
    for (const s of sessions) s.dispose();
    for (const e of encodings) e.dispose();
    models.forEach((m, i) => m.train(wasTraining[i]));
  }
}

/** Members of an ensemble must read the same images into the same tokens. */
function checkEnsemble(models: readonly ImageToSequence[]): void {
  if (models.length === 0) throw new InputError('readImages: expected a model or a non-empty array of models, got an empty array');
  const a = models[0]!.config;
  models.forEach((m, i) => {
    const c = m.config;
    if (c.height !== a.height || c.width !== a.width || c.channels !== a.channels) {
      throw new InputError(`readImages: ensemble member ${i} reads ${c.height}x${c.width}x${c.channels} images, member 0 reads ${a.height}x${a.width}x${a.channels}: the members must read one image size`);
    }
    if (c.vocabSize !== a.vocabSize) throw new InputError(`readImages: ensemble member ${i} has ${c.vocabSize} tokens, member 0 has ${a.vocabSize}: the members must share a vocabulary`);
  });
}
