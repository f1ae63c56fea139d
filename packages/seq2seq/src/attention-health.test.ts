import { describeBackends, expectNoTensorLeak } from '@seq2seq/backend/testing';
import { InputError, Rng } from '@seq2seq/core';
import { collate } from '@seq2seq/datasets';
import { describe, expect, it } from 'vitest';
import { Seq2Seq, measureAttention, summarizeAttention } from './index';

/** `[1, steps, time]` weights from a function of (step, position), for a source of `n` valid positions. */
function weightsOf(steps: number, time: number, f: (s: number, t: number) => number): Float32Array {
  const w = new Float32Array(steps * time);
  for (let s = 0; s < steps; s++) for (let t = 0; t < time; t++) w[s * time + t] = f(s, t);
  return w;
}

describe('summarizeAttention', () => {
  it('scores uniform, collapsed and diagonal attention as such, ignoring padding', () => {
    // 4 valid source positions of 6, 4 valid target steps of 5; padding holds junk that must not count.
    const pad = (f: (s: number, t: number) => number) => (s: number, t: number) => (t >= 4 || s >= 4 ? 0.5 : f(s, t));
    const uniform = summarizeAttention(weightsOf(5, 6, pad(() => 0.25)), [1, 5, 6], [4], [4]);
    expect(uniform.entropy).toBeCloseTo(1, 6);
    expect(uniform.maxWeight).toBeCloseTo(0.25, 6);
    expect(uniform.rows).toBe(4);
    const collapsed = summarizeAttention(weightsOf(5, 6, pad((_, t) => (t === 0 ? 1 : 0))), [1, 5, 6], [4], [4]);
    expect(collapsed).toEqual({ entropy: 0, maxWeight: 1, coverage: 0.25, rows: 4 });
    const diagonal = summarizeAttention(weightsOf(5, 6, pad((s, t) => (t === s ? 0.7 : 0.1))), [1, 5, 6], [4], [4]);
    expect(diagonal.coverage).toBe(1);
    expect(diagonal.maxWeight).toBeCloseTo(0.7, 6);
    const h = -(0.7 * Math.log(0.7) + 3 * 0.1 * Math.log(0.1)) / Math.log(4);
    expect(diagonal.entropy).toBeCloseTo(h, 6);
  });

  it('averages rows over sentences of different lengths and rejects mismatched shapes', () => {
    const w = new Float32Array(2 * 2 * 3);
    w.set([1, 0, 0, 1, 0, 0], 0); // sentence 0: both steps on position 0 of 3
    w.set([0, 1, 0, 0, 0, 0], 6); // sentence 1: one step, on position 1 of 2
    const r = summarizeAttention(w, [2, 2, 3], [3, 2], [2, 1]);
    expect(r.rows).toBe(3);
    expect(r.maxWeight).toBe(1);
    expect(r.coverage).toBeCloseTo((1 / 3 + 1 / 2) / 2, 12);
    expect(() => summarizeAttention(w, [2, 2, 4], [3, 2], [2, 1])).toThrow(InputError);
    expect(() => summarizeAttention(w, [2, 2, 3], [3], [2, 1])).toThrow(/sourceLengths/);
  });
});

describeBackends('measureAttention', () => {
  const config = (attention: 'general' | 'none') => ({
    encoder: { vocabSize: 12, embeddingSize: 8, hiddenSize: 8, cell: 'gru' as const, bidirectional: true },
    decoder: { vocabSize: 12, embeddingSize: 8, hiddenSize: 16, cell: 'gru' as const, attention },
    seed: 3,
  });
  const rng = new Rng(5);
  const batch = collate(
    Array.from({ length: 6 }, () => {
      const x = Array.from({ length: 3 + rng.int(4) }, () => 4 + rng.int(8));
      return { source: [...x, 2], target: [1, ...x, 2] };
    }),
  );

  it('finds the near-uniform attention of an untrained model, counts every real target step and restores training mode', async () => {
    const model = new Seq2Seq(config('general'));
    model.train(true);
    await expectNoTensorLeak(() => {
      const r = measureAttention(model, [batch]);
      expect(r.rows).toBe(batch.targetLengths.reduce((s, n) => s + n - 1, 0));
      expect(r.entropy).toBeGreaterThan(0.9);
      expect(r.entropy).toBeLessThanOrEqual(1 + 1e-6);
      expect(r.maxWeight).toBeLessThan(0.5);
      expect(r.coverage).toBeGreaterThan(0);
    });
    expect(model.training).toBe(true);
    model.dispose();
  });

  it('refuses a model without attention', () => {
    const model = new Seq2Seq(config('none'));
    expect(() => measureAttention(model, [batch])).toThrow(/no attention/);
    model.dispose();
  });
});
