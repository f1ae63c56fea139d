/**
 * The tree-writing parser on every backend: constrained greedy and beam outputs are always trees
 * over exactly the input words (a property test over random lengths and weights), the teacher-forced
 * loss equals the step decoder's log-probability of the gold tokens, its gradients match finite
 * differences, it learns a handful of EWT sentences, checkpoints round-trip, no tensor leaks, and
 * bad input gets clear errors.
 */
import * as tf from '@tensorflow/tfjs-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkGradients, describeBackends, expectNoTensorLeak } from '@seq2seq/backend/testing';
import { InputError, Rng } from '@seq2seq/core';
import { attachmentScores, checkTree, delinearizeTree, loadConlluFile, projectivize, sentenceFromForms, treeOf, type ConlluSentence } from '@seq2seq/datasets';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Trainer } from '../../training/trainer';
import { saveDependencyParser } from '../checkpoint';
import { DependencyParser } from '../model';
import { ParserVocabulary } from '../vocabulary';
import { goldTreeTokens, treeBatch } from './batch';
import { loadTreeGenerator, saveTreeGenerator } from './checkpoint';
import type { TreeGeneratorConfig } from './config';
import { TreeGenerator } from './model';
import { treeStepModel } from './step';
import { treeGeneratorTask } from './task';
import { TREE_EOS, TREE_SOS } from './tokens';

const DEV = fileURLToPath(new URL('../../../../../data/ud-english-ewt/en_ewt-ud-dev.conllu.gz', import.meta.url));
const TINY: TreeGeneratorConfig = {
  wordEmbeddingSize: 8,
  charEmbeddingSize: 4,
  charHiddenSize: 4,
  hiddenSize: 8,
  numLayers: 1,
  tokenEmbeddingSize: 8,
  decoderHiddenSize: 12,
  attentionalSize: 12,
  positionWindow: 2,
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

it('writes the gold tree as 3n tokens that read back as its projectivised tree', () => {
  const known = new Set(vocabulary.relations);
  for (const s of sentences) {
    const { tokens, unknown } = goldTreeTokens(s, known, 'dep');
    expect(tokens).toHaveLength(3 * s.words.length);
    expect(unknown.every((u) => !u)).toBe(true);
    expect(delinearizeTree(tokens, s.words.length)).toEqual(projectivize(treeOf(s)).tree);
  }
  // A relation the vocabulary lacks is written as the fallback and its opening token is flagged (not trained on).
  const s = sentences[0]!;
  const missing = s.words[0]!.deprel;
  const { tokens, unknown } = goldTreeTokens(s, new Set([...known].filter((r) => r !== missing)), 'dep');
  const flagged = tokens.filter((_, i) => unknown[i]);
  expect(flagged.length).toBe(s.words.filter((w) => w.deprel === missing).length);
  expect(flagged.every((t) => t === '(dep')).toBe(true);
});

describeBackends('TreeGenerator', () => {
  const dir = mkdtempSync(join(tmpdir(), 'seq2tree-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('always writes a tree over exactly the input words, greedy and beam, for random lengths 1..40 and random weights', () => {
    const rng = new Rng(7);
    const words = ['the', 'dog', 'barked', 'at', 'a', 'mailman', '.', 'zzz'];
    for (let trial = 0; trial < 3; trial++) {
      const generator = new TreeGenerator({ vocabulary, config: { ...TINY, seed: 100 + trial } });
      const batch = Array.from({ length: 5 }, () => {
        const n = 1 + Math.floor(rng.next() * 40);
        return sentenceFromForms(Array.from({ length: n }, () => words[Math.floor(rng.next() * words.length)]!));
      });
      for (const beamWidth of [1, 3]) {
        const trees = generator.parseTrees(batch, { beamWidth });
        trees.forEach((t, i) => {
          const n = batch[i]!.words.length;
          expect(t.tokens).toHaveLength(3 * n);
          expect(t.heads).toHaveLength(n);
          expect(() => checkTree(t.heads)).not.toThrow();
          expect(delinearizeTree(t.tokens, n)).toEqual({ heads: t.heads, relations: t.relations });
          expect(t.relations.filter((r) => r === 'root')).toHaveLength(1);
          expect(t.relations[t.heads.indexOf(0)]).toBe('root');
          expect(Number.isFinite(t.logProb)).toBe(true);
        });
      }
      generator.dispose();
    }
  });

  it('gives the gold tokens the same log-probability teacher-forced and step by step', () => {
    const generator = new TreeGenerator({ vocabulary, config: { ...TINY, seed: 3 } });
    const picked = sentences.slice(0, 3);
    const batch = treeBatch(picked, vocabulary, generator.tokens, { maxWordChars: 20 });
    const count = Array.from(batch.labels).filter((l) => l >= 0).length;
    const loss = generator.loss(batch);
    const forced = -loss.dataSync()[0]! * count;
    loss.dispose();
    // Step through the gold tokens with the step model (one row per sentence).
    generator.eval();
    const enc = generator.encode(batch.words);
    const session = treeStepModel(generator, enc, batch.words.lengths);
    let state = session.initialState;
    let sum = 0;
    for (let t = 0; t < batch.steps; t++) {
      const tokens = Int32Array.from(picked, (_, s) => batch.inputs[s * batch.steps + t]! || TREE_EOS);
      const out = session.model.step(tokens, state);
      state.dispose();
      state = out.state;
      const lp = out.logProbs.arraySync();
      out.logProbs.dispose();
      picked.forEach((_, s) => {
        const label = batch.labels[s * batch.steps + t]!;
        if (label >= 0) sum += lp[s]![label]!;
      });
    }
    state.dispose();
    session.dispose();
    tf.dispose([enc.words, enc.table, enc.keys, enc.start]);
    expect(Math.abs(sum - forced)).toBeLessThan(1e-3 * Math.abs(forced) + 1e-3);
    generator.dispose();
  });

  it('puts -Infinity on every token the constraint forbids', () => {
    const generator = new TreeGenerator({ vocabulary, config: TINY });
    generator.eval();
    const batch = treeBatch(sentences.slice(0, 1), vocabulary, generator.tokens, { maxWordChars: 20 });
    const enc = generator.encode(batch.words);
    const session = treeStepModel(generator, enc, batch.words.lengths);
    const out = session.model.step(Int32Array.of(TREE_SOS), session.initialState);
    const lp = out.logProbs.dataSync();
    const allowed = lp.map((x) => (Number.isFinite(x) ? 1 : 0));
    expect(Array.from(allowed)).toEqual(generator.tokens.map((t) => (t === '(root' ? 1 : 0)));
    expect(lp[generator.tokens.indexOf('(root')]).toBeCloseTo(0, 5);
    tf.dispose([out.logProbs]);
    session.initialState.dispose();
    out.state.dispose();
    session.dispose();
    tf.dispose([enc.words, enc.table, enc.keys, enc.start]);
    generator.dispose();
  });

  it('matches finite differences in the attention, the position bias, the decoder and the encoder', async () => {
    const generator = new TreeGenerator({ vocabulary, config: { ...TINY, hiddenSize: 4, decoderHiddenSize: 5, attentionalSize: 4 } });
    const batch = treeBatch(sentences.slice(0, 2), vocabulary, generator.tokens, { maxWordChars: 20 });
    const named = new Map(generator.namedParameters());
    const pick = ['positionBias', 'attentionKey.kernel', 'combine.kernel', 'bridge.kernel', 'tokenEmbedding.weight', 'decoder.l0.kernel', 'encoder.l0_reverse.kernel', 'charRnn.l0.kernel'];
    for (const n of pick) expect(named.has(n), n).toBe(true);
    await checkGradients(() => generator.loss(batch), Object.fromEntries(pick.map((n) => [n, named.get(n)!])), { eps: 1e-2, tol: 2e-2, samples: 3 });
    generator.dispose();
  });

  it('learns a handful of EWT sentences: its greedy trees become theirs', async () => {
    const generator = new TreeGenerator({ vocabulary, config: TINY });
    const task = treeGeneratorTask(generator, { train: sentences, maxTokens: 1000 });
    const [batch] = [...task.trainBatches(0)];
    const before = generator.loss(batch!);
    const start = before.dataSync()[0]!;
    before.dispose();
    const trainer = new Trainer(task, { epochs: 120, schedule: { kind: 'constant', lr: 0.02 }, clipNorm: 5 });
    await trainer.fit();
    const after = generator.loss(batch!);
    expect(after.dataSync()[0]!).toBeLessThan(0.05 * start);
    after.dispose();
    const scores = attachmentScores(sentences, generator.parse(sentences.map(forms)));
    expect(scores.uas).toBeGreaterThan(0.9);
    expect(scores.las).toBeGreaterThan(0.9);
    generator.dispose();
  }, 300_000);

  it('leaks no tensor in training steps, greedy or beam parsing', async () => {
    const generator = new TreeGenerator({ vocabulary, config: { ...TINY, dropout: 0.2, wordDropout: 0.2 } });
    const task = treeGeneratorTask(generator, { train: sentences });
    const trainer = new Trainer(task, { epochs: 1 });
    const batch = [...task.trainBatches(0)][0]!;
    await expectNoTensorLeak(() => trainer.trainStep(batch));
    await expectNoTensorLeak(() => generator.parseTrees(sentences.map(forms)));
    await expectNoTensorLeak(() => generator.parseTrees(sentences.map(forms), { beamWidth: 3 }));
    generator.dispose();
  });

  it('saves and loads: the same trees from the loaded generator; a parser checkpoint is refused', async () => {
    const generator = new TreeGenerator({ vocabulary, config: { ...TINY, seed: 9 } });
    await saveTreeGenerator(join(dir, 'gen'), generator);
    const { generator: loaded, manifest } = await loadTreeGenerator(join(dir, 'gen'));
    expect(manifest.kind).toBe('tree-generator');
    expect(loaded.parseTrees(sentences.map(forms), { beamWidth: 2 })).toEqual(generator.parseTrees(sentences.map(forms), { beamWidth: 2 }));
    expect(loaded.config).toEqual(generator.config);
    const parser = new DependencyParser({ vocabulary, config: { hiddenSize: 4, numLayers: 1, wordEmbeddingSize: 4, charHiddenSize: 2, charEmbeddingSize: 2, arcSize: 4, relationSize: 4 } });
    await saveDependencyParser(join(dir, 'parser'), parser);
    await expect(loadTreeGenerator(join(dir, 'parser'))).rejects.toThrow(/holds a 'dependency-parser' model, expected a 'tree-generator' model/);
    parser.dispose();
    generator.dispose();
    loaded.dispose();
  });

  it('answers an empty sentence, a 500-word sentence and a bad beam width with clear errors', () => {
    const generator = new TreeGenerator({ vocabulary, config: TINY });
    expect(() => generator.parseTrees([forms(sentences[0]!), sentenceFromForms([])])).toThrow(/sentence 2 has no words/);
    const long = sentenceFromForms(Array.from({ length: 500 }, () => 'word'));
    expect(() => generator.parseTrees([long])).toThrow(InputError);
    expect(() => generator.parseTrees([long])).toThrow(/500 words; this parser reads at most 150/);
    expect(() => generator.parseTrees([forms(sentences[0]!)], { beamWidth: 0 })).toThrow(/'beamWidth' must be an integer >= 1, got 0/);
    generator.dispose();
  });
});

it('rejects relations without root and a bad config', () => {
  expect(() => new TreeGenerator({ vocabulary: { words: [], chars: [], upos: [], relations: ['nsubj'] } })).toThrow(/must include 'root'/);
  expect(() => new TreeGenerator({ vocabulary: { words: [], chars: [], upos: [], relations: ['root'] }, config: { positionWindow: -1 } })).toThrow(/'positionWindow' must be an integer >= 0/);
});
