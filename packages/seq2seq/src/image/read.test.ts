/**
 * readImages with an ensemble: copies of one model read as the model does; several models
 * decode as one (average of their next-token distributions); members that read other image sizes
 * or vocabularies, and an empty ensemble, are clear errors.
 */
import { describeBackends } from '@seq2seq/backend/testing';
import { InputError } from '@seq2seq/core';
import { expect, it } from 'vitest';
import type { ImageSourceBatch } from './batch';
import type { ImageToSequenceConfig } from './config';
import { ImageToSequence } from './model';
import { readImages } from './read';
import { SymbolVocabulary } from './vocabulary';

const vocab = new SymbolVocabulary(['a', 'b', 'c'], '');
const TINY: ImageToSequenceConfig = { height: 8, width: 24, vocabSize: vocab.size, stemChannels: 4, stemStride: 1, stageChannels: [6], blocksPerStage: 1, norm: 'none', embeddingSize: 5, hiddenSize: 12, seed: 1 };
const images = (batch: number, height = 8, width = 24): ImageSourceBatch => ({
  pixels: Float32Array.from({ length: batch * height * width }, (_, i) => ((i * 7919) % 13) / 13),
  shape: { batch, height, width, channels: 1 },
});

describeBackends('readImages (ensembles)', () => {
  it('reads with copies of one model as with the model, and with two models as one', () => {
    const a = new ImageToSequence(TINY);
    const b = new ImageToSequence({ ...TINY, seed: 2 });
    try {
      for (const beamWidth of [1, 3]) {
        const alone = readImages(a, vocab, images(3), { beamWidth, maxLength: 5 });
        const copies = readImages([a, a], vocab, images(3), { beamWidth, maxLength: 5 });
        expect(copies.map((r) => r.text)).toEqual(alone.map((r) => r.text));
        copies.forEach((r, i) => expect(r.logProb).toBeCloseTo(alone[i]!.logProb, 4));
        const pair = readImages([a, b], vocab, images(3), { beamWidth, maxLength: 5 });
        expect(pair).toHaveLength(3);
        for (const r of pair) {
          expect(r.grid).toEqual(a.grid);
          for (const row of r.attention) expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 4);
        }
      }
      expect(a.training).toBe(true); // switched back after reading
    } finally {
      a.dispose();
      b.dispose();
    }
  });

  it('rejects an empty ensemble and members of another image size or vocabulary', () => {
    const a = new ImageToSequence(TINY);
    const wide = new ImageToSequence({ ...TINY, width: 32 });
    const other = new ImageToSequence({ ...TINY, vocabSize: 9 });
    try {
      expect(() => readImages([], vocab, images(1))).toThrow(InputError);
      expect(() => readImages([a, wide], vocab, images(1))).toThrow(/member 1 reads 8x32x1 images, member 0 reads 8x24x1/);
      expect(() => readImages([a, other], vocab, images(1))).toThrow(/member 1 has 9 tokens, member 0 has 6/);
    } finally {
      a.dispose();
      wide.dispose();
      other.dispose();
    }
  });
});
