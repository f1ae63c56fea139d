import { describe, expect, it } from 'vitest';
import { readLineBatches, readLines, removeControlCharacters, type LineBatch } from './lines';

async function collect(chunks: Array<string | Uint8Array>): Promise<string[]> {
  const out: string[] = [];
  for await (const line of readLines((async function* () {
    yield* chunks;
  })())) out.push(line);
  return out;
}

describe('readLines', () => {
  it('ends lines at \\n and \\r\\n only: a bare \\r stays inside its line', async () => {
    expect(await collect(['a\rb\nc\r\n', 'd'])).toEqual(['a\rb', 'c', 'd']);
    expect(await collect(['one\n\ntwo\n'])).toEqual(['one', '', 'two']);
  });

  it('joins a line and a UTF-8 character split across chunks', async () => {
    const bytes = new TextEncoder().encode('été\nok\n');
    expect(await collect([bytes.slice(0, 1), bytes.slice(1, 2), bytes.slice(2)])).toEqual(['été', 'ok']);
  });

  it('answers as many lines as it reads: 11 lines with bare CRs in them give 11', async () => {
    const input = Array.from({ length: 11 }, (_, i) => (i % 5 === 0 ? `line\r${i}` : `line ${i}`)).join('\n');
    expect(await collect([`${input}\n`])).toHaveLength(11);
  });
});

describe('readLineBatches', () => {
  async function batches(input: AsyncIterable<string>, maxLines: number): Promise<LineBatch[]> {
    const out: LineBatch[] = [];
    for await (const b of readLineBatches(input, { maxLines, waitMs: 20 })) out.push(b);
    return out;
  }

  it('reads a file or a pipe in full batches, numbering lines, with the rest at the end', async () => {
    const text = Array.from({ length: 7 }, (_, i) => `s${i + 1}`).join('\n');
    const got = await batches((async function* () {
      yield text.slice(0, 5);
      yield text.slice(5);
    })(), 3);
    expect(got).toEqual([
      { lines: ['s1', 's2', 's3'], firstLine: 1 },
      { lines: ['s4', 's5', 's6'], firstLine: 4 },
      { lines: ['s7'], firstLine: 7 },
    ]);
  });

  it('answers the lines read so far when the input pauses (a person typing), before the next line comes', async () => {
    let answered: (() => void) | null = null;
    async function* typing() {
      yield 'first\nsecond\n';
      // The next line is typed only after the first two were answered.
      await new Promise<void>((resolve) => (answered = resolve));
      yield 'third\n';
    }
    const got: LineBatch[] = [];
    for await (const b of readLineBatches(typing(), { maxLines: 100, waitMs: 20 })) {
      got.push(b);
      answered?.();
    }
    expect(got).toEqual([
      { lines: ['first', 'second'], firstLine: 1 },
      { lines: ['third'], firstLine: 3 },
    ]);
  });
});

describe('removeControlCharacters', () => {
  it('drops NUL, bare CR and escapes, names them, and turns tabs into spaces', () => {
    expect(removeControlCharacters('a\u0000b\rc\u001b[0m\td')).toEqual({ text: 'abc[0m d', removed: ['U+0000', 'U+000D', 'U+001B'] });
    expect(removeControlCharacters('plain é')).toEqual({ text: 'plain é', removed: [] });
  });
});
