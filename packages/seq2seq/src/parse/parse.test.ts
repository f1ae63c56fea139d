/**
 * The pointing dependency parser on every backend: shapes of its scores, a tiny model that learns
 * a handful of EWT sentences (UAS 100 on them), its gradients against finite differences, the same
 * losses on every backend, no leaked tensors, valid trees from an untrained model, checkpoints, and
 * clear errors for empty and over-long sentences.
 */
import * as tf from '@tensorflow/tfjs-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkGradients, describeBackends, expectClose, expectNoTensorLeak } from '@seq2seq/backend/testing';
import { InputError } from '@seq2seq/core';
import { attachmentScores, isTree, loadConlluFile, sentenceFromForms, type ConlluSentence } from '@seq2seq/datasets';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Trainer } from '../training/trainer';
import { lengthBuckets, parseBatch, wordChars } from './batch';
import { loadDependencyParser, saveDependencyParser } from './checkpoint';
import type { DependencyParserConfig } from './config';
import { DependencyParser } from './model';
import { dependencyParserTask } from './task';
import { ParserVocabulary } from './vocabulary';

const DEV = fileURLToPath(new URL('../../../../data/ud-english-ewt/en_ewt-ud-dev.conllu.gz', import.meta.url));
const TINY: DependencyParserConfig = {
  wordEmbeddingSize: 8,
  charEmbeddingSize: 4,
  charHiddenSize: 4,
  hiddenSize: 12,
  numLayers: 1,
  arcSize: 12,
  relationSize: 8,
  dropout: 0,
  wordDropout: 0,
  seed: 1,
};

let sentences: ConlluSentence[] = [];
let vocabulary: ParserVocabulary;

beforeAll(async () => {
  const dev = await loadConlluFile(DEV);
  sentences = dev.filter((s) => s.words.length >= 4 && s.words.length <= 8).slice(0, 6);
  vocabulary = ParserVocabulary.fromTreebank(sentences, { minWordCount: 1 });
});

const forms = (s: ConlluSentence) => sentenceFromForms(s.words.map((w) => w.form));

it('keeps the first and last characters of a long word', () => {
  expect(wordChars('abcdefgh', 4).join('')).toBe('abgh');
  expect(wordChars('héllo', 20).join('')).toBe('héllo');
});

it('buckets sentences of similar length within the token budget', () => {
  const lengths = [3, 10, 4, 9, 2, 11, 5];
  const buckets = lengthBuckets(lengths, { maxTokens: 20 });
  expect(buckets.flat().sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  for (const b of buckets) expect(b.length * Math.max(...b.map((i) => lengths[i]!))).toBeLessThanOrEqual(20);
});

describeBackends('DependencyParser', ({ tolerance }) => {
  const dir = mkdtempSync(join(tmpdir(), 'parser-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('orders the training batches by seed and epoch only (a resumed run sees the same batches)', () => {
    const parser = new DependencyParser({ vocabulary, config: TINY });
    const a = dependencyParserTask(parser, { train: sentences, maxTokens: 16, seed: 3 });
    const b = dependencyParserTask(parser, { train: sentences, maxTokens: 16, seed: 3 });
    const order = (task: typeof a, epoch: number) => [...task.trainBatches(epoch)].map((x) => Array.from(x.words).join(','));
    expect(order(a, 2)).toEqual(order(b, 2));
    const lengths = (epoch: number) => [...a.trainBatches(epoch)].flatMap((x) => Array.from(x.lengths)).sort();
    expect(lengths(1)).toEqual(lengths(0)); // every sentence once per epoch
    expect(lengths(0)).toEqual(sentences.map((x) => x.words.length).sort());
    const long = sentenceFromForms(Array.from({ length: 151 }, () => 'w'));
    expect(dependencyParserTask(parser, { train: [...sentences, { ...long, words: long.words.map((w) => ({ ...w, head: 0, deprel: 'root' })) }] }).skipped).toBe(1);
    parser.dispose();
  });

  it('scores every word against ROOT and every word: [batch, time, time + 1]', () => {
    const parser = new DependencyParser({ vocabulary, config: TINY });
    const batch = parseBatch(sentences.slice(0, 3), vocabulary, { maxWordChars: 20, gold: true });
    const encoded = parser.encode(batch);
    const arcs = parser.arcScores(encoded, batch);
    const rels = parser.relationLogits(encoded, batch.heads!, batch);
    expect(encoded.words.shape).toEqual([3, batch.time, 24]);
    expect(encoded.withRoot.shape).toEqual([3, batch.time + 1, 24]);
    expect(arcs.shape).toEqual([3, batch.time, batch.time + 1]);
    expect(rels.shape).toEqual([3, batch.time, vocabulary.relations.length]);
    const a = arcs.arraySync();
    const n = batch.lengths[0]!;
    expect(a[0]![0]![1]).toBeLessThan(-1e8); // word 1 cannot be its own head
    if (n < batch.time) expect(a[0]![0]![n + 1]).toBeLessThan(-1e8); // nor point past its sentence
    tf.dispose([encoded.words, encoded.withRoot, arcs, rels]);
    parser.dispose();
  });

  it('gives a valid tree for every sentence, even untrained', () => {
    const parser = new DependencyParser({ vocabulary, config: { ...TINY, seed: 5 } });
    const trees = parser.parseTrees(sentences.map(forms));
    for (const [i, t] of trees.entries()) {
      expect(t.heads).toHaveLength(sentences[i]!.words.length);
      expect(isTree(t.heads)).toBe(true);
      expect(t.relations.filter((r) => r === 'root')).toHaveLength(1);
      expect(t.upos).toHaveLength(sentences[i]!.words.length);
    }
    parser.dispose();
  });

  it('returns the head distribution of each word on request: the softmax of its head scores over ROOT and the words', async () => {
    const parser = new DependencyParser({ vocabulary, config: { ...TINY, seed: 5 } });
    const input = sentences.slice(0, 3).map(forms);
    const plain = parser.parseTrees(input);
    expect(plain[0]!.headProbabilities).toBeUndefined();
    const trees = parser.parseTrees(input, { headProbabilities: true });
    // The same scores, read one sentence at a time (no padding), give the same distributions.
    const alone = parser.parseTrees([input[2]!], { headProbabilities: true })[0]!;
    for (const [s, tree] of trees.entries()) {
      const n = input[s]!.words.length;
      expect(tree.heads).toEqual(plain[s]!.heads);
      const p = tree.headProbabilities!;
      expect(p).toHaveLength(n);
      const batch = parseBatch([input[s]!], vocabulary, { maxWordChars: 20, gold: false });
      const encoded = parser.encode(batch);
      const scores = parser.arcScores(encoded, batch);
      const reference = tf.softmax(scores).arraySync()[0]!; // [time, time + 1]
      tf.dispose([encoded.words, encoded.withRoot, scores]);
      for (let i = 0; i < n; i++) {
        expect(p[i]).toHaveLength(n + 1);
        expect(p[i]![i + 1]).toBe(0); // never its own head
        expect(p[i]!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
        await expectClose(p[i]!, reference[i]!, tolerance);
      }
    }
    await expectClose(trees[2]!.headProbabilities!.flat(), alone.headProbabilities!.flat(), tolerance);
    parser.dispose();
  });

  it('learns a handful of EWT sentences: UAS 100 on them', async () => {
    const parser = new DependencyParser({ vocabulary, config: TINY });
    const task = dependencyParserTask(parser, { train: sentences, maxTokens: 1000 });
    const trainer = new Trainer(task, { epochs: 60, schedule: { kind: 'constant', lr: 0.02 }, clipNorm: 5 });
    await trainer.fit();
    const parsed = parser.parse(sentences.map(forms));
    const scores = attachmentScores(sentences, parsed);
    expect(scores.uas).toBe(1);
    expect(scores.las).toBeGreaterThan(0.9);
    parser.dispose();
  });

  it('matches finite differences in the head scorer, the relation classifier and the character BiLSTM', async () => {
    const parser = new DependencyParser({ vocabulary, config: { ...TINY, hiddenSize: 4, arcSize: 4, relationSize: 3 } });
    const batch = parseBatch(sentences.slice(0, 2), vocabulary, { maxWordChars: 20, gold: true });
    const named = new Map(parser.namedParameters());
    const pick = ['root', 'arcBilinear.kernel', 'arcHeadBias.kernel', 'arcDep.kernel', 'relation.kernel', 'relHead.kernel', 'charRnn.l0_reverse.kernel', 'wordEmbedding.weight'];
    const vars = Object.fromEntries(pick.map((n) => [n, named.get(n)!]));
    for (const n of pick) expect(named.has(n), n).toBe(true);
    await checkGradients(() => {
      const l = parser.losses(batch);
      tf.dispose([l.heads, l.relations, l.upos!]);
      return l.total;
    }, vars, { eps: 1e-2, tol: 2e-2, samples: 3 });
    parser.dispose();
  });

  it('computes the same losses as on the CPU reference values of a fixed seed', async () => {
    // Same seed, same batch: every backend must reproduce the CPU's value (computed in-test on cpu).
    const parser = new DependencyParser({ vocabulary, config: TINY });
    const batch = parseBatch(sentences, vocabulary, { maxWordChars: 20, gold: true });
    const here = parser.losses(batch);
    const values = [here.total, here.heads, here.relations, here.upos!].map((t) => t.dataSync()[0]!);
    tf.dispose([here.total, here.heads, here.relations, here.upos!]);
    const backend = tf.getBackend();
    await tf.setBackend('cpu');
    const ref = parser.losses(batch);
    const refValues = [ref.total, ref.heads, ref.relations, ref.upos!].map((t) => t.dataSync()[0]!);
    tf.dispose([ref.total, ref.heads, ref.relations, ref.upos!]);
    await tf.setBackend(backend);
    await expectClose(values, refValues, tolerance);
    parser.dispose();
  });

  it('leaks no tensor in training steps or parsing', async () => {
    const parser = new DependencyParser({ vocabulary, config: { ...TINY, dropout: 0.2, wordDropout: 0.2 } });
    const task = dependencyParserTask(parser, { train: sentences });
    const trainer = new Trainer(task, { epochs: 1 });
    const batch = [...task.trainBatches(0)][0]!;
    await expectNoTensorLeak(() => trainer.trainStep(batch));
    await expectNoTensorLeak(() => parser.parseTrees(sentences.map(forms)));
    await expectNoTensorLeak(() => parser.parseTrees(sentences.map(forms), { headProbabilities: true }));
    parser.dispose();
  });

  it('saves and loads: the same trees from the loaded parser', async () => {
    const parser = new DependencyParser({ vocabulary, config: { ...TINY, seed: 9 } });
    await saveDependencyParser(dir, parser);
    const { parser: loaded } = await loadDependencyParser(dir);
    expect(loaded.parseTrees(sentences.map(forms))).toEqual(parser.parseTrees(sentences.map(forms)));
    expect(loaded.vocabulary.toJSON()).toEqual(vocabulary.toJSON());
    parser.dispose();
    loaded.dispose();
  });

  it('answers an empty sentence and a 500-word sentence with clear errors', () => {
    const parser = new DependencyParser({ vocabulary, config: TINY });
    expect(() => parser.parseTrees([forms(sentences[0]!), sentenceFromForms([])])).toThrow(/sentence 2 has no words/);
    const long = sentenceFromForms(Array.from({ length: 500 }, () => 'word'));
    expect(() => parser.parseTrees([long])).toThrow(InputError);
    expect(() => parser.parseTrees([long])).toThrow(/500 words; this parser reads at most 150/);
    parser.dispose();
  });
});

it('rejects a bad config and a vocabulary without relations', () => {
  expect(() => new DependencyParser({ vocabulary: { words: [], chars: [], upos: [], relations: [] } })).toThrow(/at least one relation/);
  expect(() => new DependencyParser({ vocabulary: { words: [], chars: [], upos: ['X'], relations: ['root'] }, config: { dropout: 1 } })).toThrow(/'dropout' must be in \[0, 1\)/);
});
