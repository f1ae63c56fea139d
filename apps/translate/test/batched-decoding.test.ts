/**
 * Batched decoding on the shipped English-French model and real Tatoeba sentences: each sentence
 * gets the same tokens in a batch (sorted by length, padded, finished sentences dropped from
 * the rows) as alone, greedy and beam 5. "The same" is exact for the tokens: padded source
 * positions get zero attention and every row of a matrix product is computed alone, so only a
 * float tie between two candidates could tell the two apart, and none occurs here; the
 * log-probabilities agree to float rounding.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { loadCheckpoint, Translator, type Seq2SeqConfig, type TranslationData } from '@seq2seq/seq2seq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tatoebaSample } from './tatoeba-sample';

const MODEL_DIR = new URL('../models/eng-fra', import.meta.url).pathname;
describe('batched decoding of the shipped English-French model', () => {
  let translator: Translator;
  const sentences = tatoebaSample(36);
  beforeAll(async () => {
    await tf.setBackend('wasm');
    translator = Translator.fromCheckpoint(await loadCheckpoint<Seq2SeqConfig, TranslationData>(MODEL_DIR, { kind: 'seq2seq' }));
  });
  afterAll(() => translator?.dispose());

  for (const [method, beamWidth] of [['greedy', 1], ['beam', 5]] as const) {
    it(`gives each sentence the tokens it gets alone (${method})`, () => {
      const alone = sentences.map((s) => translator.translate([s], { method, beamWidth })[0]!);
      const batched = translator.translate(sentences, { method, beamWidth, batchSize: 12 });
      expect(batched.map((t) => t.tokens)).toEqual(alone.map((t) => t.tokens));
      batched.forEach((t, i) => {
        expect(t.logProb).toBeCloseTo(alone[i]!.logProb, 3);
        expect(t.attention.length).toBe(alone[i]!.attention.length);
      });
      // The sample runs from one-word sentences to long ones, so the batches were really padded.
      const lengths = sentences.map((s) => translator.sourceTokens(s).tokens.length);
      expect(Math.max(...lengths) - Math.min(...lengths)).toBeGreaterThanOrEqual(6);
    }, 240_000);
  }
});
