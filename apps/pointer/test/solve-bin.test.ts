/**
 * `seq2seq-pointer solve` as a user runs it (the built command, stdin to stdout): one answer per
 * input line, every answer valid, points outside the unit square moved into it, and the shipped
 * model trained nearest the instance size, named on stderr.
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { samplePointSets } from '@seq2seq/datasets';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../../scripts/cli/readme-check';
import { invalidAnswer } from '../src/lines';

const APP = fileURLToPath(new URL('..', import.meta.url));
const solve = (task: string, input: string, extra: string[] = []) =>
  spawnSync(process.execPath, ['bin/seq2seq-pointer.mjs', 'solve', '--task', task, '--backend', 'cpu', ...extra], { cwd: APP, input, encoding: 'utf8', timeout: 240_000 });

describe('seq2seq-pointer solve (built command)', () => {
  beforeAll(() => ensureBuilt(APP, '@seq2seq/pointer-app'), 600_000);

  it('answers every line, a blank one and huge coordinates too, with valid answers only', () => {
    const huge = [[1e300, 0], [0, 1e300], [-1e300, 0], [0, -1e300], [1e299, 1e299]];
    const input = [JSON.stringify({ points: [[0.1, 0.2], [0.9, 0.1], [0.5, 0.9], [0.4, 0.4]] }), '', JSON.stringify({ points: huge }), '  '].join('\n');
    const result = solve('tsp', `${input}\n`);
    expect(result.status).toBe(0);
    const lines = result.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { tour?: number[]; error?: string; line?: number });
    expect(lines).toHaveLength(4);
    expect(invalidAnswer('tsp', lines[0]!.tour!, 4)).toBeNull();
    expect(lines[1]).toMatchObject({ line: 2, error: expect.stringMatching(/^empty line/) });
    expect(invalidAnswer('tsp', lines[2]!.tour!, 5)).toBeNull();
    expect(lines[3]).toMatchObject({ line: 4, error: expect.stringMatching(/^empty line/) });
    expect(result.stderr).toMatch(/note: line 3: points outside the unit square, moved into it/);
  }, 300_000);

  it('draws each answer with --draw: on stderr when stdout is a pipe, so stdout stays JSON lines', () => {
    const square = [[0.1, 0.1], [0.9, 0.1], [0.9, 0.9], [0.1, 0.9], [0.5, 0.5]];
    const input = `${JSON.stringify({ points: square })}\n\n`;
    const plain = solve('hull', input);
    expect(plain.stderr).not.toMatch(/┌/); // a pipe, no --draw: no picture
    const drawn = solve('hull', input, ['--draw']);
    expect(drawn.status).toBe(0);
    expect(drawn.stdout).toBe(plain.stdout);
    const lines = drawn.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { hull?: number[]; error?: string });
    expect(lines).toHaveLength(2);
    // One picture, of the answered line (the blank line's error has none): framed, hull points
    // filled, the key naming the hull.
    expect(drawn.stderr.match(/┌─+┐/g)).toHaveLength(1);
    const hull = lines[0]!.hull!;
    expect((drawn.stderr.match(/●/g) ?? []).length).toBe(hull.length + 1); // and one in the key
    expect(drawn.stderr).toMatch(/● point in the hull  ○ other point/);
  }, 300_000);

  it('solves 20 points with the model trained on 20 and 10 points with the one trained on 10, and says so', () => {
    const [twenty] = samplePointSets(1, { n: 20 }, 5);
    const [ten] = samplePointSets(1, { n: 10 }, 6);
    const result = solve('tsp', `${JSON.stringify({ points: twenty })}\n${JSON.stringify({ points: ten })}\n`);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/model: .*tsp-n20 \(trained on n=20\) for 20 points/);
    expect(result.stderr).toMatch(/model: .*tsp-n10 \(trained on n=10\) for 10 points/);
    const [a, b] = result.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { tour: number[] });
    expect(invalidAnswer('tsp', a!.tour, 20)).toBeNull();
    expect(invalidAnswer('tsp', b!.tour, 10)).toBeNull();
  }, 300_000);

  it('answers a line typed at a terminal at once, before the next line comes (no waiting for --batch lines)', async () => {
    const child = spawn(process.execPath, ['bin/seq2seq-pointer.mjs', 'solve', '--task', 'tsp', '--backend', 'cpu'], { cwd: APP });
    let out = '';
    let waiting: { lines: number; resolve: () => void } | null = null;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (waiting && out.split('\n').length > waiting.lines) waiting.resolve();
    });
    const seen = (lines: number) => new Promise<void>((resolve) => (waiting = { lines, resolve }));
    child.stdin.write(`${JSON.stringify({ points: [[0.1, 0.2], [0.9, 0.1], [0.5, 0.9], [0.4, 0.4]] })}\n`);
    await seen(1); // stdin is still open: the answer came because the input paused
    expect(invalidAnswer('tsp', (JSON.parse(out) as { tour: number[] }).tour, 4)).toBeNull();
    child.stdin.end();
    expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(0);
  }, 300_000);
});
