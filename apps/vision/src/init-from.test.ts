/**
 * `--init-from`: a model grown by one ResNet block per stage reads exactly as the trained model
 * it grew from (the new blocks start as the identity), every matching weight is copied, and
 * weights of another shape stay fresh and are reported; a model grown wider (Net2WiderNet: channels
 * copied, the weights reading them split unevenly between the copies) reads exactly as the trained
 * one too, with learned positions or coordinates, in evaluation and training mode.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@seq2seq/core';
import { describeBackends, expectClose, expectNoTensorLeak } from '@seq2seq/backend/testing';
import { ImageToSequence, type ImageToSequenceConfig } from '@seq2seq/seq2seq';
import { expect, it } from 'vitest';
import { exampleBatch } from './data';
import { initialiseFrom } from './init-from';
import { channelMap, widenValues } from './widen';
import { TASKS } from './tasks';

const SMALL: ImageToSequenceConfig = { vocabSize: 13, stemChannels: 4, stageChannels: [8, 8], blocksPerStage: 1, hiddenSize: 16, embeddingSize: 8, seed: 3 };

/** Random values in every weight (normalisation statistics too), so that copying shows. */
function scramble(model: ImageToSequence, seed: number): void {
  const rng = new Rng(seed);
  for (const [name, v] of model.getWeights()) {
    const values = Float32Array.from({ length: v.size }, () => (name.endsWith('runningVar') ? rng.uniform(0.5, 1.5) : rng.uniform(-0.3, 0.3)));
    tf.tidy(() => v.assign(tf.tensor(values, v.shape)));
  }
}

describeBackends('initialiseFrom', ({ tolerance }) => {
  const batch = exampleBatch(TASKS.digits, TASKS.digits.train(new Rng(5), 3));

  it('grows a model by a block per stage that reads exactly as the trained one', async () => {
    const trained = new ImageToSequence(SMALL);
    const grown = new ImageToSequence({ ...SMALL, blocksPerStage: 2, seed: 9 });
    try {
      scramble(trained, 1);
      const report = initialiseFrom(grown, trained);
      expect(report.identityBlocks).toEqual(['encoder.stage0_block1', 'encoder.stage1_block1']);
      expect(report.copied).toBe(trained.getWeights().size);
      expect(report.fresh).toEqual([]);
      expect(report.unused).toEqual([]);
      trained.eval();
      grown.eval();
      const a = tf.tidy(() => trained.forward(batch).logits.arraySync());
      const b = tf.tidy(() => grown.forward(batch).logits.arraySync());
      await expectClose(b, a, tolerance);
      // Training mode too: batch statistics of the new blocks do not leak through a zero scale.
      trained.train();
      grown.train();
      const c = tf.tidy(() => trained.forward(batch).logits.arraySync());
      const d = tf.tidy(() => grown.forward(batch).logits.arraySync());
      await expectClose(d, c, tolerance);
    } finally {
      trained.dispose();
      grown.dispose();
    }
  });

  // Additive attention with a decoder as wide as the features: its W2 [hidden, size] must stay as it is.
  const variants: ImageToSequenceConfig[] = [{ positions: 'learned' }, { positions: 'coordinates' }, { positions: 'learned', attention: 'additive', hiddenSize: 8 }];
  for (const variant of variants) {
    it(`widens the encoder (and deepens it) so that it reads exactly as the trained one (${variant.positions} positions, ${variant.attention ?? 'general'} attention)`, async () => {
      const trained = new ImageToSequence({ ...SMALL, ...variant });
      const grown = new ImageToSequence({ ...SMALL, ...variant, stemChannels: 7, stageChannels: [12, 11], blocksPerStage: 2, seed: 9 });
      try {
        scramble(trained, 2);
        const report = initialiseFrom(grown, trained, { seed: 4 });
        expect(report.widened).toBe(true);
        expect(report.identityBlocks).toEqual(['encoder.stage0_block1', 'encoder.stage1_block1']);
        expect(report.fresh).toEqual([]);
        expect(report.unused).toEqual([]);
        for (const mode of ['eval', 'train'] as const) {
          trained[mode]();
          grown[mode]();
          const a = tf.tidy(() => trained.forward(batch).logits.arraySync());
          const b = tf.tidy(() => grown.forward(batch).logits.arraySync());
          await expectClose(b, a, Math.max(tolerance, 1e-5) * 10);
        }
        // The first 4 stem channels are the old ones, in place.
        const oldStem = trained.getWeights().get('encoder.stem.kernel')!.arraySync() as number[][][][];
        const newStem = grown.getWeights().get('encoder.stem.kernel')!.arraySync() as number[][][][];
        expect(newStem[1]![2]![0]!.slice(0, 4)).toEqual(oldStem[1]![2]![0]);
      } finally {
        trained.dispose();
        grown.dispose();
      }
    });
  }

  it('splits a copied channel\'s weights unevenly between its copies, summing to the old weight', () => {
    const space = channelMap(2, 4, new Rng(1)); // channels 2 and 3 copy old ones
    expect(Array.from(space.map.slice(0, 2))).toEqual([0, 1]);
    expect(space.counts.reduce((p, c) => p + c, 0)).toBe(4);
    // A [2 inputs, 3 outputs] weight whose input axis reads the space.
    const w = Float32Array.from([1, 2, 3, 4, 5, 6]);
    const { values, shape } = widenValues(w, [2, 3], [{ space, role: 'split' }, null], new Rng(2));
    expect(shape).toEqual([4, 3]);
    for (let j = 0; j < 2; j++) {
      const rows = [0, 1, 2, 3].filter((i) => space.map[i] === j);
      for (let o = 0; o < 3; o++) {
        const parts = rows.map((i) => values[i * 3 + o]!);
        expect(parts.reduce((p, v) => p + v, 0)).toBeCloseTo(w[j * 3 + o]!, 5);
        if (rows.length > 1) expect(new Set(parts).size).toBe(parts.length); // uneven: the copies learn apart
      }
    }
    // Copying along an axis repeats the old channel's values exactly.
    const copied = widenValues(w, [2, 3], [{ space, role: 'copy' }, null], new Rng(2)).values;
    for (let i = 0; i < 4; i++) expect(Array.from(copied.slice(i * 3, i * 3 + 3))).toEqual(Array.from(w.slice(space.map[i]! * 3, space.map[i]! * 3 + 3)));
  });

  it('refuses to narrow, to change the number of stages, or to widen a group norm', () => {
    const trained = new ImageToSequence(SMALL);
    const cases: Array<[ImageToSequenceConfig, RegExp]> = [
      [{ ...SMALL, stageChannels: [6, 8] }, /6 channels where the trained model has 8; narrowing is not supported/],
      [{ ...SMALL, stageChannels: [8, 8, 16] }, /the trained model has 2 stages \(8,8\), --stages gives 3/],
    ];
    try {
      for (const [config, message] of cases) {
        const other = new ImageToSequence(config);
        expect(() => initialiseFrom(other, trained)).toThrow(message);
        other.dispose();
      }
      const grouped = new ImageToSequence({ ...SMALL, norm: 'group' });
      const wideGroup = new ImageToSequence({ ...SMALL, norm: 'group', stageChannels: [16, 16] });
      expect(() => initialiseFrom(wideGroup, grouped)).toThrow(/--norm batch or none; a group norm would mix/);
      grouped.dispose();
      wideGroup.dispose();
    } finally {
      trained.dispose();
    }
  });

  it('keeps weights of another shape fresh and names them, and leaks nothing', async () => {
    const trained = new ImageToSequence(SMALL);
    const wider = new ImageToSequence({ ...SMALL, hiddenSize: 24 });
    try {
      const before = wider.getWeights().get('output.kernel')!.arraySync();
      await expectNoTensorLeak(() => {
        const report = initialiseFrom(wider, trained);
        expect(report.identityBlocks).toEqual([]);
        expect(report.fresh).toEqual(expect.arrayContaining(['decoder.l0.kernel', 'output.kernel', 'init_h.kernel']));
        expect(report.fresh).not.toContain('encoder.stem.kernel');
        expect(report.unused).toEqual(expect.arrayContaining(['decoder.l0.kernel', 'output.kernel']));
      });
      expect(wider.getWeights().get('output.kernel')!.arraySync()).toEqual(before);
      expect(wider.getWeights().get('encoder.stem.kernel')!.arraySync()).toEqual(trained.getWeights().get('encoder.stem.kernel')!.arraySync());
    } finally {
      trained.dispose();
      wider.dispose();
    }
  });
});
