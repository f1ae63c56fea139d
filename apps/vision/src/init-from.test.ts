/**
 * `--init-from`: a model grown by one ResNet block per stage reads exactly as the trained model
 * it grew from (the new blocks start as the identity), every matching weight is copied, and
 * weights of another shape stay fresh and are reported.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@seq2seq/core';
import { describeBackends, expectClose, expectNoTensorLeak } from '@seq2seq/backend/testing';
import { ImageToSequence, type ImageToSequenceConfig } from '@seq2seq/seq2seq';
import { expect, it } from 'vitest';
import { exampleBatch } from './data';
import { initialiseFrom } from './init-from';
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
