import { describe, expect, it } from 'vitest';
import { readLines, removeControlCharacters } from './lines';

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

describe('removeControlCharacters', () => {
  it('drops NUL, bare CR and escapes, names them, and turns tabs into spaces', () => {
    expect(removeControlCharacters('a\u0000b\rc\u001b[0m\td')).toEqual({ text: 'abc[0m d', removed: ['U+0000', 'U+000D', 'U+001B'] });
    expect(removeControlCharacters('plain é')).toEqual({ text: 'plain é', removed: [] });
  });
});
