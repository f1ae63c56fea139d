import { describeBackends } from '@seq2seq/backend/testing';
import { InputError } from '@seq2seq/core';
import { expect, it } from 'vitest';
import { Seq2Seq, resolveSeq2SeqConfig, type Seq2SeqConfig } from './index';

const base: Seq2SeqConfig = {
  encoder: { vocabSize: 300, embeddingDim: 64, hiddenSize: 8 },
  decoder: { vocabSize: 200, embeddingDim: 64, hiddenSize: 16 },
  seed: 4,
};

/** Mean and standard deviation of an embedding table, padding row excluded. */
function stats(model: Seq2Seq, name: 'sourceEmbedding' | 'targetEmbedding'): { mean: number; std: number; maxAbs: number; pad: number } {
  const w = model[name].weight.arraySync() as number[][];
  const values = w.slice(1).flat();
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
  return { mean, std, maxAbs: Math.max(...values.map(Math.abs)), pad: Math.max(...w[0]!.map(Math.abs)) };
}

describeBackends('Seq2Seq config', () => {
  it('starts embeddings N(0, 1) by default and U(-0.08, 0.08) when asked, padding rows zero', () => {
    expect(resolveSeq2SeqConfig(base).encoder.embeddingInit).toBe('normal');
    const normal = new Seq2Seq(base);
    for (const name of ['sourceEmbedding', 'targetEmbedding'] as const) {
      const s = stats(normal, name);
      expect(Math.abs(s.mean)).toBeLessThan(0.02);
      expect(s.std).toBeGreaterThan(0.97);
      expect(s.std).toBeLessThan(1.03);
      expect(s.pad).toBe(0);
    }
    normal.dispose();
    const uniform = new Seq2Seq({ ...base, encoder: { ...base.encoder, embeddingInit: 'uniform' }, decoder: { ...base.decoder, embeddingInit: 'uniform' } });
    for (const name of ['sourceEmbedding', 'targetEmbedding'] as const) {
      const s = stats(uniform, name);
      expect(s.maxAbs).toBeLessThanOrEqual(0.08);
      expect(s.std).toBeCloseTo(0.08 / Math.sqrt(3), 2);
      expect(s.pad).toBe(0);
    }
    uniform.dispose();
  });

  it('names a bad embeddingInit', () => {
    const bad = { ...base, decoder: { ...base.decoder, embeddingInit: 'xavier' } } as unknown as Seq2SeqConfig;
    expect(() => resolveSeq2SeqConfig(bad)).toThrow(InputError);
    expect(() => resolveSeq2SeqConfig(bad)).toThrow("decoder.embeddingInit must be 'normal' or 'uniform', got 'xavier'");
  });
});
