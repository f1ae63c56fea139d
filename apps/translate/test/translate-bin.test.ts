/**
 * `seq2seq-translate translate` as a user runs it (the built command, stdin to stdout): one output
 * line per input line whatever the line holds (a bare CR, NUL), control characters never copied
 * to the output, and numeric options checked against their range.
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../../scripts/cli/readme-check';
import { tatoebaSample } from './tatoeba-sample';

const APP = fileURLToPath(new URL('..', import.meta.url));
const translate = (args: string[], input = '') =>
  spawnSync(process.execPath, ['bin/seq2seq-translate.mjs', 'translate', '--model', 'models/dates', '--backend', 'cpu', ...args], { cwd: APP, input, encoding: 'utf8', timeout: 240_000 });

describe('seq2seq-translate translate (built command)', () => {
  beforeAll(() => ensureBuilt(APP, '@seq2seq/translate-app'), 600_000);

  it('answers 11 lines with 11 lines when some hold a bare CR or a NUL, and drops those characters', () => {
    const lines = Array.from({ length: 11 }, (_, i) => `Jan ${i + 1}, 2015`);
    lines[2] = 'Jan 3,\r 2015';
    lines[5] = 'Jan 6,\u0000 2015';
    const result = translate(['--beam', '1'], `${lines.join('\n')}\r\n`);
    expect(result.status).toBe(0);
    const out = result.stdout.split('\n');
    expect(out.at(-1)).toBe('');
    expect(out.slice(0, -1)).toEqual(Array.from({ length: 11 }, (_, i) => `2015-01-${String(i + 1).padStart(2, '0')}`));
    expect(result.stdout).not.toMatch(/[\u0000\r]/);
    expect(result.stderr).toMatch(/note: line 3: removed 1 control character \(U\+000D\)/);
    expect(result.stderr).toMatch(/note: line 6: removed 1 control character \(U\+0000\)/);
  }, 300_000);

  it('rejects --beam 0 with a usage error naming the range', () => {
    const result = translate(['--beam', '0', 'Jan 1, 2015']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--beam must be an integer from 1 to 100, got '0'/);
    expect(result.stdout).toBe('');
  }, 300_000);

  it('answers a file or a pipe in batches exactly as line by line (English-French, greedy and beam 5)', () => {
    const lines = [...tatoebaSample(20), '', 'Where is\u0000 the station?', 'Tom is zorbling.'];
    const input = `${lines.join('\n')}\n`;
    const engFra = (args: string[]) =>
      spawnSync(process.execPath, ['bin/seq2seq-translate.mjs', 'translate', '--backend', 'wasm', ...args], { cwd: APP, input, encoding: 'utf8', timeout: 240_000 });
    for (const beam of ['1', '5']) {
      const batched = engFra(['--beam', beam, '--batch-size', '8', '--window', '16']);
      const alone = engFra(['--beam', beam, '--batch-size', '1', '--window', '1']);
      expect(batched.status).toBe(0);
      expect(alone.status).toBe(0);
      expect(batched.stdout.split('\n')).toHaveLength(lines.length + 1);
      expect(batched.stdout).toBe(alone.stdout);
      // Notes and warnings come line by line in input order, as line by line. (Two batches of 8
      // in the first window: `--workers auto` decodes the batched run on every core, and says so.)
      expect(batched.stderr.replace(/^decoding on \d+ worker threads\n/m, '')).toBe(alone.stderr);
      expect(batched.stderr).toMatch(/note: line 22: removed 1 control character \(U\+0000\)\nnote: line 23: unknown word 'zorbling'/);
    }
  }, 300_000);

  it('answers a line typed at a terminal at once, before the next line comes', async () => {
    const child = spawn(process.execPath, ['bin/seq2seq-translate.mjs', 'translate', '--model', 'models/dates', '--backend', 'cpu', '--beam', '1'], { cwd: APP });
    let out = '';
    let waiting: { lines: number; resolve: () => void } | null = null;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (waiting && out.split('\n').length > waiting.lines) waiting.resolve();
    });
    const seen = (lines: number) => new Promise<void>((resolve) => (waiting = { lines, resolve }));
    child.stdin.write('Jan 2, 2015\n');
    await seen(1); // stdin is still open: the answer came because the input paused
    expect(out).toBe('2015-01-02\n');
    child.stdin.write('4 July 1999\n');
    await seen(2);
    child.stdin.end();
    await new Promise((resolve) => child.on('exit', resolve));
    expect(out).toBe('2015-01-02\n1999-07-04\n');
  }, 300_000);
});
