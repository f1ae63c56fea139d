/**
 * `translate --workers` as a user runs it (the built command, stdin to stdout): on 2 worker threads
 * every line gets the answer, the notes and the warnings it gets on this thread and line by line,
 * in input order, an over-long line in the middle stays an empty line in its place, and the
 * process ends with its workers (a worker still running would keep it alive past the timeout).
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../../scripts/cli/readme-check';
import { tatoebaSample } from './tatoeba-sample';

const APP = fileURLToPath(new URL('..', import.meta.url));
const WORKERS_LINE = /^decoding on (\d+) worker threads\n/m;

function run(args: string[], input: string) {
  const result = spawnSync(process.execPath, ['bin/seq2seq-translate.mjs', 'translate', '--backend', 'wasm', ...args], { cwd: APP, input, encoding: 'utf8', timeout: 240_000 });
  expect(result.signal).toBeNull(); // not killed at the timeout: no worker kept the process alive
  return result;
}

describe('seq2seq-translate translate --workers (built command)', () => {
  beforeAll(() => ensureBuilt(APP, '@seq2seq/translate-app'), 600_000);

  // Short and long sentences; in the middle a line over the 2000-character limit, an empty line,
  // a NUL and an unknown word: each stays one line in its place, with its message.
  const sentences = tatoebaSample(24);
  const lines = [...sentences.slice(0, 11), `${'word '.repeat(450)}end`, '', 'Where is\u0000 the station?', 'Tom is zorbling.', ...sentences.slice(11)];
  const input = `${lines.join('\n')}\n`;

  for (const beam of ['1', '5']) {
    it(`answers on 2 workers exactly as on this thread and line by line, in input order (beam ${beam})`, () => {
      // Batches of 4 from windows of 10 lines: several windows queued at once, batches shared by the workers.
      const two = run(['--beam', beam, '--workers', '2', '--batch-size', '4', '--window', '10'], input);
      const one = run(['--beam', beam, '--workers', '1', '--batch-size', '4', '--window', '10'], input);
      const alone = run(['--beam', beam, '--workers', '1', '--batch-size', '1', '--window', '1'], input);
      for (const r of [two, one, alone]) expect(r.status).toBe(0);
      expect(two.stderr).toMatch(/^decoding on 2 worker threads$/m);
      expect(one.stderr).not.toMatch(WORKERS_LINE);
      const out = two.stdout.split('\n');
      expect(out).toHaveLength(lines.length + 1);
      expect(out[11]).toBe(''); // the over-long line, in its place
      expect(out[12]).toBe('');
      expect(two.stdout).toBe(one.stdout);
      expect(two.stdout).toBe(alone.stdout);
      expect(two.stderr.replace(WORKERS_LINE, '')).toBe(one.stderr);
      expect(one.stderr).toBe(alone.stderr);
      expect(two.stderr).toMatch(/warning: line 12 has 2253 characters \(limit 2000\); left untranslated\nnote: line 14: removed 1 control character \(U\+0000\)\nnote: line 15: unknown word 'zorbling'/);
    }, 600_000);
  }

  it('--workers auto stays on this thread for a few lines and takes every core for two batches or more', () => {
    const few = run(['--beam', '1'], `${sentences.slice(0, 3).join('\n')}\n`);
    expect(few.status).toBe(0);
    expect(few.stderr).not.toMatch(WORKERS_LINE);
    const many = run(['--beam', '1', '--batch-size', '4'], input);
    expect(many.status).toBe(0);
    const cores = availableParallelism();
    if (cores > 1) expect(many.stderr).toMatch(new RegExp(`^decoding on ${cores} worker threads$`, 'm'));
    else expect(many.stderr).not.toMatch(WORKERS_LINE);
    expect(many.stdout.split('\n')).toHaveLength(lines.length + 1);
  }, 600_000);

  it('refuses a bad --workers, and stops with a clear error, not a hang, when the workers cannot load the model', () => {
    const bad = run(['--workers', '0'], 'Hello.\n');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--workers must be a positive integer or 'auto', got '0'/);
    const missing = run(['--workers', '2', '--model', 'no/such/model'], input);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/error: no checkpoint in 'no\/such\/model'/);
    expect(missing.stdout).toBe('');
  }, 600_000);
});
