/**
 * Reading images with a trained {@link ImageToSequence}: encode, then greedy or beam decoding
 * through the shared decoders, with each output token's attention over the feature grid.
 */
import { InputError } from '@seq2seq/core';
import { beamSearch } from '../decoding/beam';
import { greedyDecode } from '../decoding/greedy';
import { EOS_ID, SOS_ID, type ImageSourceBatch } from './batch';
import type { ImageToSequence } from './model';
import type { SymbolVocabulary } from './vocabulary';

/** Options of {@link readImages}. */
export interface ReadImagesOptions {
  /** Beam width; 1 = greedy decoding. Default 1. */
  beamWidth?: number;
  /** Most output tokens per image. Default 32. */
  maxLength?: number;
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

/** Reads every image of `images` (the model is switched to eval mode for it and back). */
export function readImages(model: ImageToSequence, vocabulary: SymbolVocabulary, images: ImageSourceBatch, options: ReadImagesOptions = {}): ImageReading[] {
  const beamWidth = options.beamWidth ?? 1;
  const maxLength = options.maxLength ?? 32;
  if (!Number.isInteger(beamWidth) || beamWidth < 1) throw new InputError(`readImages: 'beamWidth' must be an integer >= 1, got ${String(beamWidth)}`);
  if (!Number.isInteger(maxLength) || maxLength < 1) throw new InputError(`readImages: 'maxLength' must be an integer >= 1, got ${String(maxLength)}`);
  const wasTraining = model.training;
  model.eval();
  const enc = model.encode(images);
  const session = model.stepModel(enc);
  try {
    const decode = { startToken: SOS_ID, endToken: EOS_ID, maxLength };
    const rows = images.shape.batch;
    const best = beamWidth === 1 ? greedyDecode(session.model, session.initialState, rows, decode) : beamSearch(session.model, session.initialState, rows, { ...decode, beamWidth }).map((h) => h[0]!);
    return best.map((h) => ({ text: vocabulary.decode(h.tokens), tokens: h.tokens, logProb: h.logProb, attention: h.attention, grid: enc.grid, finished: h.finished }));
  } finally {
    session.dispose();
    enc.dispose();
    model.train(wasTraining);
  }
}
