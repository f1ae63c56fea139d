/**
 * `seq2seq-parse` with the tree-writing decoder, as a user runs it (the built command): `train
 * --decoder seq2tree` writes a `tree-generator` checkpoint (and a resumed run keeps it), `parse`
 * and `eval` recognise it by its kind, greedy and with `--beam`, and clear errors for a decoder
 * that does not match the checkpoint and `--beam` on a pointer model.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isTree, readConllu, treeOf } from '@seq2seq/datasets';
import { DependencyParser, ParserVocabulary, saveDependencyParser, saveTreeGenerator, TreeGenerator } from '@seq2seq/seq2seq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../../scripts/cli/readme-check';

const APP = fileURLToPath(new URL('..', import.meta.url));
const SAMPLE = fileURLToPath(new URL('../../../packages/datasets/fixtures/treebank/sample.conllu', import.meta.url));
const run = (args: string[], input = '') =>
  spawnSync(process.execPath, ['bin/seq2seq-parse.mjs', ...args, '--backend', 'cpu'], { cwd: APP, input, encoding: 'utf8', timeout: 240_000 });
const TINY_TRAIN = ['--hidden', '8', '--layers', '1', '--word-embedding', '8', '--char-hidden', '4', '--decoder-hidden', '8', '--max-steps', '1', '--dev-limit', '2'];

describe('seq2seq-parse with the seq2tree decoder (built command)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parse-seq2tree-'));
  const generator = join(dir, 'generator');
  const pointer = join(dir, 'pointer');
  beforeAll(async () => {
    ensureBuilt(APP, '@seq2seq/parse-app');
    tf.env().set('PROD', true);
    await tf.setBackend('cpu');
    const vocabulary = new ParserVocabulary({ words: ['i', 'do', 'know'], chars: [...'Idonkw.'], upos: ['PRON', 'VERB', 'PUNCT'], relations: ['nsubj', 'punct', 'root'] });
    const g = new TreeGenerator({ vocabulary, config: { hiddenSize: 8, numLayers: 1, wordEmbeddingSize: 8, charHiddenSize: 4, charEmbeddingSize: 4, decoderHiddenSize: 8, attentionalSize: 8 } });
    await saveTreeGenerator(generator, g);
    g.dispose();
    const p = new DependencyParser({ vocabulary, config: { hiddenSize: 8, numLayers: 1, wordEmbeddingSize: 8, charHiddenSize: 4, charEmbeddingSize: 4, arcSize: 8, relationSize: 8 } });
    await saveDependencyParser(pointer, p);
    p.dispose();
  }, 600_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('parses with a seq2tree checkpoint, greedy and with --beam: valid trees with only its relations', () => {
    for (const beam of [[], ['--beam', '3']]) {
      const r = run(['parse', '--text', '--model', generator, ...beam], 'I do know .\nknow\n');
      expect(r.status, r.stderr).toBe(0);
      const out = readConllu(r.stdout);
      expect(out.map((s) => s.words.length)).toEqual([4, 1]);
      for (const s of out) {
        expect(isTree(treeOf(s).heads)).toBe(true);
        expect(s.words.every((w) => ['nsubj', 'punct', 'root'].includes(w.deprel))).toBe(true);
        expect(s.words.filter((w) => w.deprel === 'root')).toHaveLength(1);
      }
    }
  });

  it('parses with the shipped seq2tree model by name (--model ewt-seq2tree): valid trees, sensible heads', () => {
    const r = run(['parse', '--text', '--model', 'ewt-seq2tree'], "I do n't know .\nThe cat sat on the mat .\n");
    expect(r.status, r.stderr).toBe(0);
    const out = readConllu(r.stdout);
    expect(out.map((s) => s.words.length)).toEqual([5, 7]);
    for (const s of out) expect(isTree(treeOf(s).heads)).toBe(true);
    // "know" heads the first sentence and "sat" the second: a trained model, not a random one.
    expect(out[0]!.words.find((w) => w.deprel === 'root')!.form).toBe('know');
    expect(out[1]!.words.find((w) => w.deprel === 'root')!.form).toBe('sat');
  });

  it('scores a seq2tree checkpoint with eval', () => {
    const r = run(['eval', SAMPLE, '--model', generator, '--beam', '2']);
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.sentences).toBeGreaterThan(0);
    expect(s.uas).toBeGreaterThanOrEqual(0);
    expect(s.uas).toBeLessThanOrEqual(100);
  });

  it('trains --decoder seq2tree into a tree-generator checkpoint; a resumed run keeps it and refuses another decoder', () => {
    const out = join(dir, 'trained');
    const r = run(['train', '--decoder', 'seq2tree', '--train', SAMPLE, '--dev', SAMPLE, '--model-out', out, ...TINY_TRAIN]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/training a tree-generator on/);
    expect(JSON.parse(r.stdout)).toMatchObject({ reason: 'max-steps', step: 1 });
    expect(JSON.parse(readFileSync(join(out, 'checkpoint.json'), 'utf8')).kind).toBe('tree-generator');
    const again = run(['train', '--model-out', out, '--max-steps', '2']);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/resuming .* \(tree-generator\) at step 1/);
    const wrong = run(['train', '--decoder', 'pointer', '--model-out', out, '--max-steps', '3']);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/--decoder pointer: .* holds a 'tree-generator' model; resume it without --decoder or train into a new --model-out/);
  });

  it('answers --beam on a pointer model and an unknown decoder with one clear line', () => {
    const beam = run(['parse', '--text', '--model', pointer, '--beam', '2'], 'I know\n');
    expect(beam.status).toBe(2);
    expect(beam.stderr).toMatch(/--beam: .* is a pointer parser/);
    const bogus = run(['train', '--decoder', 'tree', '--model-out', join(dir, 'x')]);
    expect(bogus.status).toBe(2);
    expect(bogus.stderr).toMatch(/--decoder/);
    expect(bogus.stderr).toMatch(/pointer, seq2tree|pointer|seq2tree/);
  });
});
