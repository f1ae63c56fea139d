import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, expectNoTensorLeak } from '@seq2seq/backend/testing';
import { Rng } from '@seq2seq/core';
import { collate, type EncodedPair } from '@seq2seq/datasets';
import { expect, it } from 'vitest';
import { Seq2Seq, Trainer, beamSearch, greedyDecode, type Seq2SeqConfig, type TokenBatch } from './index';

const SOS = 1;
const EOS = 2;
/** Reverse task over tokens 4..9: source `x EOS`, target `SOS reverse(x) EOS`. */
function reversePairs(n: number, rng: Rng): EncodedPair[] {
  return Array.from({ length: n }, () => {
    const len = 2 + rng.int(4);
    const x = Array.from({ length: len }, () => 4 + rng.int(6));
    return { source: [...x, EOS], target: [SOS, ...[...x].reverse(), EOS] };
  });
}

const tiny = (over: Partial<Seq2SeqConfig['decoder']> = {}): Seq2SeqConfig => ({
  encoder: { vocabSize: 10, embeddingSize: 8, hiddenSize: 8, cell: 'gru' },
  decoder: { vocabSize: 10, embeddingSize: 8, hiddenSize: 16, cell: 'gru', attention: 'general', ...over },
  seed: 1,
});

describeBackends('Seq2Seq', ({ tolerance }) => {
  it('fused and step-by-step teacher forcing give the same logits', () => {
    const model = new Seq2Seq(tiny());
    const batch = collate(reversePairs(3, new Rng(0)));
    const fused = model.forward(batch);
    const steps = model.forward(batch, { teacherForcingRatio: 0.9999999, rng: new Rng(0) });
    const a = fused.logits.dataSync();
    const b = steps.logits.dataSync();
    // Masked positions may differ (padding); compare the real ones.
    const mask = fused.mask.dataSync();
    const v = 10;
    for (let i = 0; i < mask.length; i++) {
      if (!mask[i]) continue;
      for (let k = 0; k < v; k++) expect(Math.abs(a[i * v + k]! - b[i * v + k]!)).toBeLessThan(Math.max(tolerance * 10, 1e-4));
    }
    tf.dispose([fused, steps] as unknown as tf.TensorContainer);
    model.dispose();
  });

  it('attention rows sum to one and skip padded source positions', () => {
    const model = new Seq2Seq(tiny());
    const batch = collate(reversePairs(4, new Rng(1)));
    const out = model.forward(batch);
    const w = out.weights!.arraySync();
    w.forEach((rows, b) =>
      rows.forEach((row) => {
        expect(row.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 4);
        row.forEach((x, s) => {
          if (s >= batch.sourceLengths[b]!) expect(x).toBe(0);
        });
      }),
    );
    tf.dispose(out as unknown as tf.TensorContainer);
    model.dispose();
  });

  it('learns to reverse short sequences; beam is at least as likely as greedy; no tensor leaks', async () => {
    const rng = new Rng(3);
    const model = new Seq2Seq(tiny());
    const train = reversePairs(256, rng);
    const batches = () => Array.from({ length: 6 }, (_, i) => collate(train.slice(i * 32, i * 32 + 32)));
    const trainer = new Trainer({ model, loss: (b: TokenBatch) => model.loss(b), trainBatches: batches, tokens: (b) => b.shape.batch }, { epochs: 8, schedule: { kind: 'constant', lr: 0.03 } });
    const first = trainer.evaluate(batches());
    await trainer.fit();
    const last = trainer.evaluate(batches());
    expect(last).toBeLessThan(first * 0.5);

    const test = collate(reversePairs(4, new Rng(99)));
    model.eval();
    const decode = (kind: 'greedy' | 'beam') => {
      const enc = model.encode(test);
      const session = model.stepModel(enc);
      const opts = { startToken: SOS, endToken: EOS, maxLength: 8 };
      const out =
        kind === 'greedy'
          ? greedyDecode(session.model, session.initialState, 4, opts).map((h) => [h])
          : beamSearch(session.model, session.initialState, 4, { ...opts, beamWidth: 3, lengthPenalty: 0 });
      session.dispose();
      enc.dispose();
      return out;
    };
    const greedy = decode('greedy');
    const beam = decode('beam');
    for (let b = 0; b < 4; b++) {
      expect(beam[b]![0]!.logProb).toBeGreaterThanOrEqual(greedy[b]![0]!.logProb - 1e-4);
      expect(greedy[b]![0]!.attention.length).toBeGreaterThan(0);
    }
    await expectNoTensorLeak(() => {
      decode('beam');
      model.loss(test).dispose();
    }, { iterations: 3 });
    model.dispose();
  }, 180_000);

  it('dispose() of the whole model frees every tensor it made, cached transposes included', async () => {
    const batch = collate(reversePairs(3, new Rng(5)));
    for (const decoder of [{ attention: 'general' as const }, { attention: 'additive' as const, inputFeeding: true, cell: 'lstm' as const }]) {
      await expectNoTensorLeak(() => {
        const config = tiny(decoder);
        const model = new Seq2Seq({ ...config, encoder: { ...config.encoder, cell: decoder.cell ?? 'gru' } });
        // A backward pass makes every cell keep transposes of its recurrent kernel.
        const { value, grads } = tf.variableGrads(() => model.loss(batch), model.trainableVariables());
        tf.dispose([value, ...Object.values(grads)]);
        const enc = model.encode(batch);
        const session = model.stepModel(enc);
        greedyDecode(session.model, session.initialState, batch.shape.batch, { startToken: SOS, endToken: EOS, maxLength: 4 });
        session.dispose();
        enc.dispose();
        enc.dispose(); // harmless
        model.dispose();
      });
    }
  });
});
