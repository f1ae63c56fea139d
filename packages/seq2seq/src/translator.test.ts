import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, expectNoTensorLeak } from '@seq2seq/backend/testing';
import { setNativeKernelMode } from '@seq2seq/cells';
import { InputError } from '@seq2seq/core';
import { UNK, UNK_ID, Vocabulary, WordTokenizer } from '@seq2seq/datasets';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { loadCheckpoint, saveCheckpoint } from './checkpoint';
import type { Seq2SeqConfig } from './config';
import { Seq2Seq } from './model';
import { Translator, type TranslationData } from './translator';

const sourceTokenizer = new WordTokenizer({ language: 'en', lowercase: true });
const targetTokenizer = new WordTokenizer({ language: 'fr', lowercase: true });
const sourceVocab = Vocabulary.build(['the cat sat on the mat .', 'a dog ran .'].map((s) => sourceTokenizer.tokenize(s)));
const targetVocab = Vocabulary.build(['le chat est assis .', 'un chien a couru .'].map((s) => targetTokenizer.tokenize(s)));

function data(maxSourceLength = 6): TranslationData {
  return {
    sourceTokenizer: sourceTokenizer.toJSON(),
    targetTokenizer: targetTokenizer.toJSON(),
    sourceVocab: sourceVocab.toJSON(),
    targetVocab: targetVocab.toJSON(),
    maxSourceLength,
  };
}

const config = (sourceSize = sourceVocab.size, targetSize = targetVocab.size): Seq2SeqConfig => ({
  encoder: { vocabSize: sourceSize, embeddingSize: 6, hiddenSize: 6, cell: 'gru' },
  decoder: { vocabSize: targetSize, embeddingSize: 6, hiddenSize: 8, cell: 'gru', attention: 'general' },
  seed: 3,
});

/** A translator whose output layer's bias makes every step emit `<unk>`: only attention decides the words. */
function unknownSayer(): Translator {
  const model = new Seq2Seq(config());
  const bias = new Float32Array(targetVocab.size);
  bias[UNK_ID] = 100;
  tf.tidy(() => model.output.bias!.assign(tf.tensor1d(bias)));
  return new Translator(model, data());
}

const argmax = (row: number[]) => row.reduce((best, x, i) => (x > row[best]! ? i : best), 0);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'seq2seq-translator-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describeBackends('Translator', ({ backend }) => {
  it('checks that the vocabularies match the model', () => {
    const model = new Seq2Seq(config(sourceVocab.size + 1));
    expect(() => new Translator(model, data())).toThrow(InputError);
    expect(() => new Translator(model, data())).toThrow(
      `Translator: vocabulary sizes (${sourceVocab.size}, ${targetVocab.size}) do not match the model (${sourceVocab.size + 1}, ${targetVocab.size})`,
    );
    model.dispose();
  });

  it('translates empty input to empty output without running the model, keeping the order', () => {
    const translator = new Translator(new Seq2Seq(config()), data());
    const encode = vi.spyOn(translator.model, 'encode');
    expect(translator.translate(['', '  \t '])).toEqual([
      { source: '', sourceTokens: [], tokens: [], text: '', logProb: 0, attention: [], truncated: false },
      { source: '  \t ', sourceTokens: [], tokens: [], text: '', logProb: 0, attention: [], truncated: false },
    ]);
    expect(encode).not.toHaveBeenCalled();
    const mixed = translator.translate(['', 'the cat', ''], { method: 'greedy', maxLength: 4 });
    expect(encode).toHaveBeenCalledTimes(1);
    expect(mixed.map((t) => t.source)).toEqual(['', 'the cat', '']);
    expect(mixed[1]!.sourceTokens).toEqual(['the', 'cat']);
    expect(mixed[0]!.tokens).toEqual([]);
    expect(() => translator.translate([42 as unknown as string])).toThrow("Translator.translate: texts[0] must be a string, got number");
    translator.dispose();
    translator.model.dispose(); // the caller built the model, so the caller frees it
  });

  it('replaces an output <unk> by the source word it attended to most, unknown source words included', () => {
    const translator = unknownSayer();
    const sentence = 'the zebra sat on a sofa'; // zebra and sofa are not in the source vocabulary
    for (const method of ['greedy', 'beam'] as const) {
      const [raw] = translator.translate([sentence], { method, maxLength: 5, replaceUnknown: false });
      const n = raw!.tokens.length;
      expect(n).toBeGreaterThan(1);
      expect(raw!.tokens).toEqual(new Array(n).fill(UNK));
      const [t] = translator.translate([sentence], { method, maxLength: 5 });
      expect(t!.sourceTokens).toEqual(['the', 'zebra', 'sat', 'on', 'a', 'sofa']);
      // One attention row per output step (and one for <eos> when emitted), over the source words and <eos>.
      expect(t!.attention.length).toBeGreaterThanOrEqual(n);
      for (const row of t!.attention) expect(row).toHaveLength(7);
      const picked = t!.attention.slice(0, n).map((row) => argmax(row.slice(0, 6)));
      expect(picked.some((s) => s !== 0)).toBe(true); // the fixture attends past the first word
      expect(t!.tokens).toEqual(picked.map((s) => t!.sourceTokens[s]));
      expect(t!.text).toBe(targetTokenizer.detokenize(t!.tokens));
      expect(t!.logProb).toBeCloseTo(raw!.logProb, 4);
    }
    translator.dispose();
    translator.model.dispose(); // the caller built the model, so the caller frees it
  });

  it('truncates inputs longer than maxSourceLength and says so', () => {
    const translator = new Translator(new Seq2Seq(config()), data(3));
    const [long, short] = translator.translate(['the cat sat on the mat', 'a dog'], { method: 'greedy', maxLength: 3 });
    expect(long).toMatchObject({ truncated: true, sourceTokens: ['the', 'cat', 'sat'] });
    expect(short).toMatchObject({ truncated: false, sourceTokens: ['a', 'dog'] });
    for (const row of long!.attention) expect(row).toHaveLength(4);
    for (const row of short!.attention) expect(row).toHaveLength(3);
    expect(translator.sourceTokens('the cat sat')).toEqual({ tokens: ['the', 'cat', 'sat'], truncated: false });
    translator.dispose();
    translator.model.dispose(); // the caller built the model, so the caller frees it
  });

  it('decodes each sentence the same alone or in a padded batch (greedy and beam)', () => {
    const translator = new Translator(new Seq2Seq(config()), data());
    const texts = ['the cat sat on the mat .', 'a dog', 'the mat', 'dog ran on a cat .', 'cat'];
    // With the default maxLength each sentence keeps its own limit (2 * length + 10), in any batch.
    for (const maxLength of [6, undefined]) {
      for (const method of ['greedy', 'beam'] as const) {
        const together = translator.translate(texts, { method, beamWidth: 3, maxLength });
        const pairs = translator.translate(texts, { method, beamWidth: 3, maxLength, batchSize: 2 });
        const alone = texts.map((text) => translator.translate([text], { method, beamWidth: 3, maxLength })[0]!);
        expect(together.map((t) => t.tokens)).toEqual(alone.map((t) => t.tokens));
        expect(pairs.map((t) => t.tokens)).toEqual(alone.map((t) => t.tokens));
        together.forEach((t, i) => {
          expect(t.logProb).toBeCloseTo(alone[i]!.logProb, 4);
          expect(t.source).toBe(texts[i]);
          expect(t.attention.length).toBe(alone[i]!.attention.length);
        });
      }
    }
    expect(() => translator.translate(texts, { batchSize: 0 })).toThrow(/batchSize must be an integer >= 1, got 0/);
    translator.dispose();
    translator.model.dispose(); // the caller built the model, so the caller frees it
  });

  it('gives the translations of the plain tfjs ops with the native decoding kernels (output layer, row gathers)', () => {
    const translator = new Translator(new Seq2Seq({ ...config(), seed: 3 }), data());
    const texts = ['the cat sat on the mat .', 'a dog', 'dog ran on a cat .', 'cat'];
    for (const method of ['greedy', 'beam'] as const) {
      const native = translator.translate(texts, { method, beamWidth: 3, maxLength: 8 });
      const previous = setNativeKernelMode('never');
      let plain;
      try {
        plain = translator.translate(texts, { method, beamWidth: 3, maxLength: 8 });
      } finally {
        setNativeKernelMode(previous);
      }
      expect(native.map((t) => t.tokens)).toEqual(plain.map((t) => t.tokens));
      native.forEach((t, i) => {
        expect(t.logProb).toBeCloseTo(plain[i]!.logProb, 4);
        t.attention.forEach((row, s) => row.forEach((w, j) => expect(w).toBeCloseTo(plain[i]!.attention[s]![j]!, 5)));
      });
    }
    translator.dispose();
    translator.model.dispose();
  });

  it('translateAsync gives the same translations as translate (greedy, beam, sample)', async () => {
    const translator = new Translator(new Seq2Seq(config()), data());
    const texts = ['the cat sat on the mat .', '', 'dog ran on a cat .'];
    for (const method of ['greedy', 'beam', 'sample'] as const) {
      const options = { method, beamWidth: 3, maxLength: 6, seed: 2 };
      expect(await translator.translateAsync(texts, options)).toEqual(translator.translate(texts, options));
    }
    await expect(translator.translateAsync([42 as unknown as string])).rejects.toThrow(/texts\[0\] must be a string/);
    await expectNoTensorLeak(async () => void (await translator.translateAsync(texts, { beamWidth: 2, maxLength: 4 })), { iterations: 2 });
    translator.dispose();
    translator.model.dispose(); // the caller built the model, so the caller frees it
  });

  it('is rebuilt from a checkpoint with the same translations, and leaks no tensors', async () => {
    const translator = unknownSayer();
    const path = join(dir, backend);
    await saveCheckpoint(path, { manifest: { kind: 'seq2seq', config: translator.model.config, data: translator.data }, model: translator.model });
    const copy = Translator.fromCheckpoint(await loadCheckpoint<Seq2SeqConfig, TranslationData>(path, { kind: 'seq2seq' }));
    const texts = ['the zebra sat', 'a dog ran on the mat'];
    expect(copy.translate(texts, { maxLength: 4 })).toEqual(translator.translate(texts, { maxLength: 4 }));
    for (const method of ['greedy', 'beam', 'sample'] as const) {
      await expectNoTensorLeak(() => void copy.translate(texts, { method, maxLength: 4, beamWidth: 2 }), { iterations: 2 });
    }
    copy.dispose();
    translator.dispose();
    translator.model.dispose(); // the caller built the model, so the caller frees it
  });

  it('disposes only the model it created: a passed-in model stays usable, a checkpoint model is freed', async () => {
    const model = new Seq2Seq(config());
    const borrowed = new Translator(model, data());
    borrowed.dispose();
    expect(model.isDisposed).toBe(false);
    expect(model.parameters().every((v) => !v.isDisposed)).toBe(true);
    const path = join(dir, `${backend}-owned`);
    await saveCheckpoint(path, { manifest: { kind: 'seq2seq', config: model.config, data: data() }, model });
    const before = tf.memory().numTensors;
    const owned = Translator.fromCheckpoint(await loadCheckpoint<Seq2SeqConfig, TranslationData>(path, { kind: 'seq2seq' }));
    owned.translate(['the cat'], { maxLength: 3 });
    owned.dispose();
    expect(owned.model.isDisposed).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
