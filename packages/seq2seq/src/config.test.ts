import { describeBackends } from '@seq2seq/backend/testing';
import { InputError } from '@seq2seq/core';
import { expect, it } from 'vitest';
import { Seq2Seq, migrateSeq2SeqConfig, resolveSeq2SeqConfig, type Seq2SeqConfig } from './index';

const base: Seq2SeqConfig = {
  encoder: { vocabSize: 300, embeddingSize: 64, hiddenSize: 8 },
  decoder: { vocabSize: 200, embeddingSize: 64, hiddenSize: 16 },
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

  it('migrates configs saved under the old field names (embeddingDim), so old checkpoints load', () => {
    // The config of apps/translate/models/dates as written before the API contract.
    const old = {
      encoder: { vocabSize: 52, embeddingDim: 32, cell: 'gru', hiddenSize: 64, numLayers: 1, bidirectional: true, dropout: 0, reverseSource: false },
      decoder: { vocabSize: 15, embeddingDim: 32, cell: 'gru', hiddenSize: 128, numLayers: 1, dropout: 0, attention: 'general', inputFeeding: false, attentionalSize: 128 },
      seed: 1,
    } as unknown as Seq2SeqConfig;
    const migrated = migrateSeq2SeqConfig(old);
    expect(migrated.encoder.embeddingSize).toBe(32);
    expect(migrated.decoder.embeddingSize).toBe(32);
    expect('embeddingDim' in migrated.encoder || 'embeddingDim' in migrated.decoder).toBe(false);
    expect((old.encoder as unknown as Record<string, unknown>).embeddingDim).toBe(32); // the input is not changed
    expect(migrateSeq2SeqConfig(migrated)).toEqual(migrated); // current configs pass through
    const resolved = resolveSeq2SeqConfig(old);
    expect(resolved.encoder.embeddingSize).toBe(32);
    const model = new Seq2Seq(old);
    expect(model.sourceEmbedding.weight.shape).toEqual([52, 32]);
    model.dispose();
    const both = { ...base, encoder: { ...base.encoder, embeddingDim: 64 } } as unknown as Seq2SeqConfig;
    expect(() => migrateSeq2SeqConfig(both)).toThrow("Seq2Seq: encoder has both 'embeddingDim' (its old name) and 'embeddingSize'; keep 'embeddingSize'");
  });
});
