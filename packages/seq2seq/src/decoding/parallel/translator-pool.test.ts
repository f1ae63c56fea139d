import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describeBackends } from '@seq2seq/backend/testing';
import { InputError, WeightsError } from '@seq2seq/core';
import { Vocabulary, WordTokenizer } from '@seq2seq/datasets';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadCheckpoint, saveCheckpoint } from '../../checkpoint';
import type { Seq2SeqConfig } from '../../config';
import { Seq2Seq } from '../../model';
import { Translator, type TranslationData } from '../../translator';
import { TranslatorPool } from './translator-pool';

const sourceTokenizer = new WordTokenizer({ language: 'en', lowercase: true });
const targetTokenizer = new WordTokenizer({ language: 'fr', lowercase: true });
const sourceVocab = Vocabulary.build(['the cat sat on the mat .', 'a dog ran far away .'].map((s) => sourceTokenizer.tokenize(s)));
const targetVocab = Vocabulary.build(['le chat est assis sur le tapis .', 'un chien a couru loin .'].map((s) => targetTokenizer.tokenize(s)));
const data: TranslationData = {
  sourceTokenizer: sourceTokenizer.toJSON(),
  targetTokenizer: targetTokenizer.toJSON(),
  sourceVocab: sourceVocab.toJSON(),
  targetVocab: targetVocab.toJSON(),
  maxSourceLength: 8,
};
const config: Seq2SeqConfig = {
  encoder: { vocabSize: sourceVocab.size, embeddingSize: 6, hiddenSize: 6, cell: 'gru' },
  decoder: { vocabSize: targetVocab.size, embeddingSize: 6, hiddenSize: 8, cell: 'gru', attention: 'general' },
  seed: 5,
};

// Lengths from 0 to 10 tokens (over the limit of 8), an unknown word, in no order.
const SENTENCES = [
  'the cat sat on the mat .',
  'a dog .',
  '',
  'the dog ran far away on the mat .',
  'cat',
  'a zebra sat .',
  'the mat ran',
  'a cat sat on a dog far away . the',
  'dog dog',
  'the cat ran away .',
  'on the mat',
];

describeBackends('TranslatorPool', ({ backend }) => {
  let dir: string;
  let alone: Translator;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seq2seq-translator-pool-'));
    const model = new Seq2Seq(config);
    await saveCheckpoint(dir, { manifest: { kind: 'seq2seq', config, data }, model });
    model.dispose();
    alone = Translator.fromCheckpoint(await loadCheckpoint<Seq2SeqConfig, TranslationData>(dir, { kind: 'seq2seq' }));
  });
  afterAll(async () => {
    alone?.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('gives every sentence, in input order, the tokens it gets alone on this thread (greedy and beam), then exits its workers', async () => {
    const methods = [['greedy', 1], ['beam', 3]] as const;
    const singles = methods.map(([method, beamWidth]) => SENTENCES.map((s) => alone.translate([s], { method, beamWidth })[0]!));
    const before = tf.memory().numTensors;
    const pool = await TranslatorPool.start({ checkpoint: dir, workers: 2, backend });
    try {
      expect(pool.workers).toBe(2);
      expect(pool.running).toBe(2);
      for (const [m, [method, beamWidth]] of methods.entries()) {
        const single = singles[m]!;
        // Batches of 2: six batches over two workers, the later ones queued.
        const pooled = await pool.translate(SENTENCES, { method, beamWidth, batchSize: 2 });
        expect(pooled.map((t) => t.source)).toEqual(SENTENCES);
        expect(pooled.map((t) => t.tokens)).toEqual(single.map((t) => t.tokens));
        expect(pooled.map((t) => t.truncated)).toEqual(single.map((t) => t.truncated));
        pooled.forEach((t, i) => {
          expect(t.logProb).toBeCloseTo(single[i]!.logProb, 4);
          expect(t.attention.length).toBe(single[i]!.attention.length);
        });
      }
      expect(pooled7Truncated(pool)).toBe(true);
    } finally {
      await pool.dispose();
    }
    expect(pool.running).toBe(0);
    await pool.dispose(); // twice is harmless
    expect(tf.memory().numTensors).toBe(before); // the main thread holds no model
  }, 120_000);

  it('settles each sentence as soon as its batch is decoded, batches of later calls queued behind', async () => {
    const pool = await TranslatorPool.start({ checkpoint: dir, workers: 2, backend });
    try {
      const first = pool.translateEach(SENTENCES.slice(0, 5), { beamWidth: 1, batchSize: 1 });
      const second = pool.translateEach(SENTENCES.slice(5), { beamWidth: 1, batchSize: 4 });
      const texts = await Promise.all([...first, ...second].map(async (p) => (await p).source));
      expect(texts).toEqual(SENTENCES);
    } finally {
      await pool.dispose();
    }
  }, 120_000);

  it("rejects one batch's bad options alone, and a worker's death fails every batch with its exit code", async () => {
    const pool = await TranslatorPool.start({ checkpoint: dir, workers: 2, backend });
    try {
      await expect(pool.translate(['a dog .'], { method: 'sample', temperature: 0 })).rejects.toThrow(InputError);
      await expect(pool.translate(['a dog .'], { method: 'sample', temperature: 0 })).rejects.toThrow('sampleDecode: temperature must be > 0, got 0');
      expect(pool.failure).toBeUndefined();
      expect((await pool.translate(['a dog .'], { beamWidth: 1 }))[0]!.tokens).toEqual(alone.translate(['a dog .'], { beamWidth: 1 })[0]!.tokens);
      expect(() => pool.translateEach(['a dog .'], { batchSize: 0 })).toThrow('TranslatorPool.translate: batchSize must be an integer >= 1, got 0');

      // Many batches of beam search in flight, then worker 1 dies: all of them reject, none hangs.
      const many = pool.translate(Array.from({ length: 40 }, (_, i) => SENTENCES[i % SENTENCES.length]!), { beamWidth: 3, batchSize: 1 });
      await pool.crashWorker(1);
      await expect(many).rejects.toThrow(/decoding worker 1 exited \(code \d+\) while decoding/);
      expect(pool.failure?.message).toMatch(/decoding worker 1 exited/);
      expect(() => pool.translateEach(['a dog .'])).toThrow(/decoding worker 1 exited/);
    } finally {
      await pool.dispose();
    }
    expect(pool.running).toBe(0);
  }, 120_000);

  it('says what is wrong with a missing checkpoint or a bad worker count, starting no thread', async () => {
    await expect(TranslatorPool.start({ checkpoint: join(dir, 'nowhere'), workers: 2, backend })).rejects.toThrow(WeightsError);
    await expect(TranslatorPool.start({ checkpoint: join(dir, 'nowhere'), workers: 2, backend })).rejects.toThrow(/no checkpoint in '.*nowhere'/);
    await expect(TranslatorPool.start({ checkpoint: dir, workers: 0, backend })).rejects.toThrow('TranslatorPool: workers must be a positive integer, got 0');
  });
});

/** The 10-word sentence is cut to the model's 8 tokens on the worker, as on this thread. */
function pooled7Truncated(pool: TranslatorPool): boolean {
  return pool.sourceTokens(SENTENCES[7]!).truncated && pool.sourceTokens(SENTENCES[7]!).tokens.length === 8;
}
