/**
 * `seq2seq-chars` as a user runs it (the built command): a tiny model trained for a few steps and
 * resumed, two whole epochs on a small text (validation loss in the history, best model saved),
 * then sample, score, complete and units on it, and clear errors for bad input.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCharLanguageModel } from '@seq2seq/seq2seq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../../scripts/cli/readme-check';

const APP = fileURLToPath(new URL('..', import.meta.url));
const chars = (args: string[], input = '') =>
  spawnSync(process.execPath, ['bin/seq2seq-chars.mjs', ...args, '--backend', 'cpu'], { cwd: APP, input, encoding: 'utf8', timeout: 240_000 });
const TINY = ['--layers', '1', '--hidden', '16', '--batch', '4', '--seq-len', '20'];

describe('seq2seq-chars (built command)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chars-cli-'));
  const model = join(dir, 'shakespeare');
  beforeAll(() => ensureBuilt(APP, '@seq2seq/chars-app'), 600_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('trains a few steps on a shipped corpus, then a rerun resumes the checkpoint', () => {
    // A 1% validation split: a stopped epoch is still validated, and the CPU backend is slow at it.
    const first = chars(['train', '--corpus', 'shakespeare', '--model-out', model, ...TINY, '--max-steps', '3', '--val-fraction', '0.01']);
    expect(first.status, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ reason: 'max-steps', step: 3, epoch: 0 });
    expect(first.stderr).toMatch(/1x16 lstm, .* 993,815 training and 10,039 validation characters/);
    const again = chars(['train', '--model-out', model, '--max-steps', '5']);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/resumed .* at epoch 1, window 3, step 3 .*the carried state starts from zeros/);
    expect(JSON.parse(again.stdout)).toMatchObject({ reason: 'max-steps', step: 5 });
    const manifest = JSON.parse(readFileSync(join(model, 'checkpoint.json'), 'utf8'));
    expect(manifest).toMatchObject({ kind: 'char-lm', step: 5, config: { cell: 'lstm', hiddenSize: 16, numLayers: 1 }, data: { corpus: 'shakespeare' } });
    expect(manifest.attribution).toMatch(/Tiny Shakespeare/);
  }, 300_000);

  it('records the validation loss of every epoch and keeps the best model', () => {
    const corpus = join(dir, 'abc.txt');
    writeFileSync(corpus, 'the cat sat on the mat. '.repeat(60));
    const out = join(dir, 'abc');
    const r = chars(['train', '--corpus', corpus, '--model-out', out, ...TINY, '--epochs', '2', '--lr', '0.02', '--dropout', '0']);
    expect(r.status, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({ reason: 'completed', epoch: 2 });
    const history = JSON.parse(readFileSync(join(out, 'checkpoint.json'), 'utf8')).training.history as Array<{ devLoss: number; devBitsPerChar: number }>;
    expect(history).toHaveLength(2);
    expect(history[1]!.devLoss).toBeLessThan(history[0]!.devLoss);
    expect(history[1]!.devBitsPerChar).toBeCloseTo(history[1]!.devLoss / Math.LN2, 6);
    expect(result.bestValidationNatsPerChar).toBeCloseTo(history[1]!.devLoss, 3);
    expect(existsSync(join(out, 'best/checkpoint.json'))).toBe(true);
  }, 300_000);

  it('trains on 2 worker threads to the 1-thread result, resumes on 2, and refuses a bad --workers', async () => {
    const corpus = join(dir, 'workers.txt');
    writeFileSync(corpus, 'the cat sat on the mat. '.repeat(60));
    // Dropout off: with it, the workers draw their own masks (the same run up to the masks).
    const common = ['--corpus', corpus, ...TINY, '--dropout', '0', '--lr', '0.01', '--max-steps', '4'];
    const one = chars(['train', ...common, '--model-out', join(dir, 'w1')]);
    expect(one.status, one.stderr).toBe(0);
    const two = chars(['train', ...common, '--model-out', join(dir, 'w2'), '--workers', '2']);
    expect(two.status, two.stderr).toBe(0);
    expect(two.stderr).toMatch(/windows of 4x20 per epoch; 2 workers/);
    expect(JSON.parse(two.stdout)).toMatchObject({ reason: 'max-steps', step: 4 });
    await tf.setBackend('cpu');
    const [a, b] = [await loadCharLanguageModel(join(dir, 'w1')), await loadCharLanguageModel(join(dir, 'w2'))];
    const want = new Map(a.model.namedParameters().map(([n, v]) => [n, v.dataSync()]));
    for (const [name, v] of b.model.namedParameters()) {
      const got = v.dataSync();
      const w = want.get(name)!;
      expect(got.length).toBe(w.length);
      let worst = 0;
      for (let k = 0; k < got.length; k++) worst = Math.max(worst, Math.abs(got[k]! - w[k]!));
      expect(worst, name).toBeLessThan(1e-4);
    }
    a.model.dispose();
    b.model.dispose();
    const resumed = chars(['train', '--model-out', join(dir, 'w2'), '--max-steps', '6', '--workers', '2']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/resumed .* step 4 /);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ reason: 'max-steps', step: 6 });
    const bad = chars(['train', ...common, '--model-out', join(dir, 'never'), '--workers', 'many']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--workers must be a positive integer or 'auto', got 'many'/);
  }, 300_000);

  it('samples the same text from the same seed', () => {
    const a = chars(['sample', '--model', model, '--length', '30', '--seed', '2']);
    const b = chars(['sample', '--model', model, '--length', '30', '--seed', '2']);
    expect(a.status, a.stderr).toBe(0);
    expect([...a.stdout.slice(0, -1)]).toHaveLength(30);
    expect(b.stdout).toBe(a.stdout);
  }, 300_000);

  it('scores stdin as the library does, and counts unknown characters', async () => {
    const text = 'To be, or not to be: that is the question.\nCafé!';
    const r = chars(['score', '--model', model], text);
    expect(r.status, r.stderr).toBe(0);
    const got = JSON.parse(r.stdout);
    expect(Object.keys(got)).toEqual(['chars', 'natsPerChar', 'bitsPerChar', 'unknownChars']);
    await tf.setBackend('cpu');
    const { model: m } = await loadCharLanguageModel(model);
    const expected = m.score(text);
    m.dispose();
    expect(got).toEqual({ chars: 48, natsPerChar: expect.closeTo(expected.natsPerChar, 4), bitsPerChar: expect.closeTo(expected.bitsPerChar, 4), unknownChars: 1 });
  }, 300_000);

  it('completes a prefix and reports units as JSON lines', () => {
    const c = chars(['complete', 'To b', '--model', model, '--k', '3', '--max-length', '3']);
    expect(c.status, c.stderr).toBe(0);
    const lines = c.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { text: string; probability: number });
    expect(lines).toHaveLength(3);
    expect(lines.every((l, i) => l.text.length >= 1 && (i === 0 || l.probability <= lines[i - 1]!.probability))).toBe(true);
    const u = chars(['units', '--model', model, '--units', '0,15'], 'ab\n');
    expect(u.status, u.stderr).toBe(0);
    const rows = u.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { char: string; h: number[]; c: number[] });
    expect(rows.map((r) => r.char)).toEqual(['a', 'b', '\n']);
    expect(rows.every((r) => r.h.length === 2 && r.c.length === 2)).toBe(true);
  }, 300_000);

  it('says what it expected of bad input', () => {
    const noCorpus = chars(['train', '--model-out', join(dir, 'none')]);
    expect(noCorpus.status).toBe(2);
    expect(noCorpus.stderr).toMatch(/--corpus is required: anna, shakespeare or a text file/);
    const empty = chars(['score', '--model', model], '');
    expect(empty.status).toBe(2);
    expect(empty.stderr).toMatch(/score reads a text of at least 2 characters on stdin/);
    const missing = chars(['sample', '--model', join(dir, 'nowhere')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/no checkpoint directory there/);
    const units = chars(['units', '--model', model, '--units', '0,99'], 'ab');
    expect(units.status).toBe(2);
    expect(units.stderr).toMatch(/--units must be below 16/);
    const cell = chars(['train', '--corpus', 'anna', '--cell', 'transformer']);
    expect(cell.status).toBe(2);
    expect(cell.stderr).toMatch(/--cell must be one of lstm, gru, rnn/);
  }, 300_000);
});
