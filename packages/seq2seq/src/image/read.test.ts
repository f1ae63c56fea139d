/**
 * readImages with an ensemble: copies of one model read as the model does; several models
 * decode as one (average of their next-token distributions); members that read other image sizes
 * or vocabularies, and an empty ensemble, are clear errors. Test-time shifts: a shift reads as
 * the shifted images, several shifts as one ensemble; no tensor leaks.
 */
import { describeBackends } from '@seq2seq/backend/testing';
import { InputError } from '@seq2seq/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { ImageSourceBatch } from './batch';
import type { ImageToSequenceConfig } from './config';
import { ImageToSequence } from './model';
import { readImages } from './read';
import { shiftGrid, shiftImages } from './shift';
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

describe('shiftImages and shiftGrid', () => {
  it('moves every image of a batch by [dx, dy], zero filled (hand-checked)', () => {
    // Two 2x3 images of two channels: value = 100 b + 10 (y * 3 + x) + channel.
    const batch: ImageSourceBatch = {
      pixels: Float32Array.from({ length: 2 * 2 * 3 * 2 }, (_, i) => 100 * Math.floor(i / 12) + 10 * Math.floor((i % 12) / 2) + (i % 2)),
      shape: { batch: 2, height: 2, width: 3, channels: 2 },
    };
    const at = (im: ImageSourceBatch, b: number, y: number, x: number) => [0, 1].map((c) => im.pixels[((b * 2 + y) * 3 + x) * 2 + c]);
    const right = shiftImages(batch, [1, 0]);
    expect(at(right, 1, 0, 0)).toEqual([0, 0]);
    expect(at(right, 1, 0, 1)).toEqual([100, 101]); // was at x = 0
    expect(at(right, 1, 1, 2)).toEqual([140, 141]); // was at (1, 1)
    const up = shiftImages(batch, [-2, -1]);
    expect(at(up, 0, 0, 0)).toEqual([50, 51]); // was at (1, 2)
    expect(at(up, 0, 0, 1)).toEqual([0, 0]);
    expect(at(up, 0, 1, 0)).toEqual([0, 0]);
    expect(shiftImages(batch, [0, 0])).toBe(batch);
    expect(batch.pixels[0]).toBe(0); // the input is not changed
    expect(() => shiftImages(batch, [3, 0])).toThrow(/expected a shift \[dx, dy\] of integers smaller than the 2x3 image in magnitude, got \[3,0\]/);
    expect(() => shiftImages(batch, [0.5, 0] as unknown as [number, number])).toThrow(InputError);
  });

  it('lists the shifts of a square neighbourhood', () => {
    expect(shiftGrid(0)).toEqual([[0, 0]]);
    expect(shiftGrid(1)).toEqual([[-1, -1], [0, -1], [1, -1], [-1, 0], [0, 0], [1, 0], [-1, 1], [0, 1], [1, 1]]);
    expect(shiftGrid(2)).toHaveLength(25);
    expect(() => shiftGrid(-1)).toThrow(/'radius' must be an integer >= 0, got -1/);
  });
});

describeBackends('readImages (test-time shifts)', () => {
  it('reads a shift as the shifted images, no shift as before, and several shifts as one ensemble', () => {
    const a = new ImageToSequence(TINY);
    try {
      const plain = readImages(a, vocab, images(3), { maxLength: 1 });
      const still = readImages(a, vocab, images(3), { maxLength: 1, shifts: [[0, 0]] });
      expect(still).toEqual(plain);
      const moved = readImages(a, vocab, shiftImages(images(3), [2, -1]), { maxLength: 1 });
      const shifted = readImages(a, vocab, images(3), { maxLength: 1, shifts: [[2, -1]] });
      expect(shifted.map((r) => r.text)).toEqual(moved.map((r) => r.text));
      shifted.forEach((r, i) => expect(r.logProb).toBeCloseTo(moved[i]!.logProb, 5));
      // Both views: the first token's probability is the mean of the views' (where they agree on it).
      const both = readImages(a, vocab, images(3), { maxLength: 1, shifts: [[0, 0], [2, -1]] });
      let compared = 0;
      both.forEach((r, i) => {
        if (plain[i]!.text !== moved[i]!.text || r.text !== plain[i]!.text) return;
        expect(r.logProb).toBeCloseTo(Math.log((Math.exp(plain[i]!.logProb) + Math.exp(moved[i]!.logProb)) / 2), 4);
        compared++;
      });
      expect(compared).toBeGreaterThan(0);
      const readAll = () => readImages([a, a], vocab, images(2), { beamWidth: 2, maxLength: 3, shifts: shiftGrid(1) });
      readAll(); // the backend's first-use tensors
      const before = tf.memory().numTensors;
      expect(readAll()).toHaveLength(2);
      expect(tf.memory().numTensors).toBe(before);
      expect(() => readImages(a, vocab, images(1), { shifts: [] })).toThrow(/'shifts' must be a non-empty array/);
      expect(() => readImages(a, vocab, images(1), { shifts: [[0, 8]] })).toThrow(/smaller than the 8x24 image/);
    } finally {
      a.dispose();
    }
  });
});
