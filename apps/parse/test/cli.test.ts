/**
 * `seq2seq-parse` as a user runs it (the built command), on a tiny parser saved by the library:
 * CoNLL-U in, the same CoNLL-U with a valid tree out (comments and multiword tokens passed through),
 * `--text` input, `eval` scores, and clear errors for malformed, empty and over-long input.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isTree, readConllu, treeOf } from '@seq2seq/datasets';
import { DependencyParser, ParserVocabulary, saveDependencyParser } from '@seq2seq/seq2seq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../../scripts/cli/readme-check';

const APP = fileURLToPath(new URL('..', import.meta.url));
const parse = (args: string[], input = '') =>
  spawnSync(process.execPath, ['bin/seq2seq-parse.mjs', ...args, '--backend', 'cpu'], { cwd: APP, input, encoding: 'utf8', timeout: 240_000 });

const row = (id: number | string, form: string, rest = '_\t_\t_\t_\t_\t_\t_\t_') => `${id}\t${form}\t${rest}`;
const INPUT = ['# sent_id = demo-1', '# text = I don\'t know.', row(1, 'I'), row('2-3', "don't"), row(2, 'do'), row(3, "n't"), row(4, 'know'), row(5, '.'), '', ''].join('\n');

describe('seq2seq-parse (built command)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parse-cli-'));
  const model = join(dir, 'tiny');
  beforeAll(async () => {
    ensureBuilt(APP, '@seq2seq/parse-app');
    tf.env().set('PROD', true); // no tfjs banner
    await tf.setBackend('cpu');
    const vocabulary = new ParserVocabulary({ words: ['i', 'do', 'know'], chars: [...'Idonkw.'], upos: ['PRON', 'VERB', 'PUNCT'], relations: ['root', 'nsubj', 'punct'] });
    const parser = new DependencyParser({ vocabulary, config: { hiddenSize: 8, numLayers: 1, wordEmbeddingSize: 8, charHiddenSize: 4, charEmbeddingSize: 4, arcSize: 8, relationSize: 8 } });
    await saveDependencyParser(model, parser);
    parser.dispose();
  }, 600_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fills HEAD, DEPREL and UPOS with a valid tree and passes comments and ranges through', () => {
    const r = parse(['parse', '--model', model], INPUT);
    expect(r.status, r.stderr).toBe(0);
    const [out] = readConllu(r.stdout);
    expect(out!.comments).toEqual(['# sent_id = demo-1', "# text = I don't know."]);
    expect(out!.multiwordTokens.map((m) => `${m.first}-${m.last} ${m.form}`)).toEqual(["2-3 don't"]);
    expect(isTree(treeOf(out!).heads)).toBe(true);
    expect(out!.words.every((w) => ['PRON', 'VERB', 'PUNCT'].includes(w.upos))).toBe(true);
    expect(r.stdout.split('\n')[3]).toBe("2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_");
  });

  it('parses whitespace-tokenised lines with --text', () => {
    const r = parse(['parse', '--text', '--model', model], 'I know .\n\nI do know\n');
    expect(r.status, r.stderr).toBe(0);
    const out = readConllu(r.stdout);
    expect(out.map((s) => s.words.map((w) => w.form).join(' '))).toEqual(['I know .', 'I do know']);
    for (const s of out) expect(isTree(treeOf(s).heads)).toBe(true);
  });

  it('scores a gold file with eval', () => {
    const gold = join(dir, 'gold.conllu');
    writeFileSync(gold, [row(1, 'I', '_\tPRON\t_\t_\t2\tnsubj\t_\t_'), row(2, 'know', '_\tVERB\t_\t_\t0\troot\t_\t_'), ''].join('\n') + '\n');
    const r = parse(['eval', gold, '--model', model]);
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({ sentences: 1, words: 2 });
    expect(s.uas).toBeGreaterThanOrEqual(0);
    expect(s.uas).toBeLessThanOrEqual(100);
  });

  it('answers malformed, empty and over-long input with one clear line', () => {
    const bad = parse(['parse', '--model', model], '1\tI\t_\n\n');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^error: CoNLL-U stdin line 1: expected 10 tab-separated columns/);
    const empty = parse(['parse', '--text', '--model', model], '\n\n');
    expect(empty.status).toBe(2);
    expect(empty.stderr).toMatch(/no sentence/);
    const long = parse(['parse', '--text', '--model', model], `${Array.from({ length: 500 }, () => 'w').join(' ')}\n`);
    expect(long.status).toBe(1);
    expect(long.stderr).toMatch(/sentence 1 has 500 words; this parser reads at most 150/);
    const missing = parse(['parse', '--model', join(dir, 'nothing')], INPUT);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/no checkpoint directory/);
  });
});
