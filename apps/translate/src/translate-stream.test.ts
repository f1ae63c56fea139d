/**
 * The filter loop with a decoder that answers late and out of order (as worker threads do):
 * answers in input order, each written as soon as it and the lines before it are ready, an
 * over-long line in its place, and a failed batch ending the loop at once, while more input is
 * still to come (no hang).
 */
import type { Translation } from '@seq2seq/seq2seq';
import { describe, expect, it } from 'vitest';
import type { LineBatch } from '../../../scripts/cli/lines';
import type { LineDecoder } from './line-decoder';
import { translateStream } from './translate-stream';

const O = { beam: 1, 'batch-size': 2 };

function translation(source: string): Translation {
  return { source, sourceTokens: source.split(' '), tokens: [source.toUpperCase()], text: source.toUpperCase(), logProb: 0, attention: [], truncated: false };
}

/** A decoder whose answers the test releases one text at a time (`release`), or fails. */
function heldDecoder() {
  const held = new Map<string, { resolve(t: Translation): void; reject(e: Error): void }>();
  const decoder: LineDecoder = {
    workers: 2,
    sourceVocab: { has: () => true },
    data: { maxSourceLength: 50 },
    translateEach: (texts) => texts.map((text) => new Promise<Translation>((resolve, reject) => held.set(text, { resolve: () => resolve(translation(text)), reject }))),
    dispose: async () => {},
  };
  return { decoder, release: (text: string) => held.get(text)!.resolve(translation(text)), fail: (text: string, e: Error) => held.get(text)!.reject(e), held };
}

/** Windows the test hands over one at a time; the iterator waits for the next. */
function windowFeed() {
  const queue: Array<IteratorResult<LineBatch>> = [];
  let wake: (() => void) | undefined;
  const windows: AsyncIterator<LineBatch> = {
    next: async () => {
      while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      return queue.shift()!;
    },
  };
  const push = (r: IteratorResult<LineBatch>) => {
    queue.push(r);
    wake?.();
  };
  return { windows, give: (lines: string[], firstLine: number) => push({ done: false, value: { lines, firstLine } }), end: () => push({ done: true, value: undefined }) };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

function output() {
  const out = { stdout: '', stderr: '' };
  return { out, sink: { stdout: { write: (s: string) => (out.stdout += s) }, stderr: { write: (s: string) => (out.stderr += s) } } };
}

describe('translateStream', () => {
  it('writes each answer once it and every line before it are ready, in input order', async () => {
    const { decoder, release } = heldDecoder();
    const { windows, give, end } = windowFeed();
    const { out, sink } = output();
    const done = translateStream(decoder, windows, O, { out: sink });
    give(['a b', '', `${'x'.repeat(2001)}`, 'c'], 1);
    give(['d e f'], 5);
    await tick();
    expect(out.stdout).toBe('');
    release('c'); // ready, but line 1 is not
    await tick();
    expect(out.stdout).toBe('');
    release('a b'); // lines 1 to 4 now: the empty and the over-long line in their places
    await tick();
    expect(out.stdout).toBe('A B\n\n\nC\n');
    expect(out.stderr).toBe('warning: line 3 has 2001 characters (limit 2000); left untranslated\n');
    release('d e f');
    end();
    await done;
    expect(out.stdout).toBe('A B\n\n\nC\nD E F\n');
  });

  it('rejects with the error of a failed batch at once, though the input has not ended', async () => {
    const { decoder, release, fail } = heldDecoder();
    const { windows, give } = windowFeed();
    const { out, sink } = output();
    const done = translateStream(decoder, windows, O, { out: sink });
    give(['a', 'b'], 1);
    await tick();
    release('a');
    fail('b', new Error('decoding worker 1 exited (code 1) while decoding'));
    await expect(done).rejects.toThrow('decoding worker 1 exited (code 1) while decoding');
    expect(out.stdout).toBe('A\n'); // what was ready before the failure
  });
});
