/**
 * `seq2seq-translate translate` as a user runs it (the built command, stdin to stdout): one output
 * line per input line whatever the line holds (a bare CR, NUL), control characters never copied
 * to the output, and numeric options checked against their range.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../../scripts/cli/readme-check';

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
});
