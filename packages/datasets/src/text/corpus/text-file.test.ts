import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { DatasetError } from '../errors';
import { loadTextFile } from './text-file';

describe('loadTextFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'text-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const text = 'Happy families are all alike;\n\t"every" unhappy family…\r\n';

  it('reads a plain UTF-8 file as it is', async () => {
    const path = join(dir, 'a.txt');
    writeFileSync(path, text, 'utf8');
    await expect(loadTextFile(path)).resolves.toBe(text);
  });

  it('reads a gzip-compressed file, whatever its name', async () => {
    writeFileSync(join(dir, 'a.txt.gz'), gzipSync(Buffer.from(text, 'utf8')));
    writeFileSync(join(dir, 'b.txt'), gzipSync(Buffer.from(text, 'utf8')));
    await expect(loadTextFile(join(dir, 'a.txt.gz'))).resolves.toBe(text);
    await expect(loadTextFile(join(dir, 'b.txt'))).resolves.toBe(text);
  });

  it('says what it expected of a file it cannot use', async () => {
    const notGzip = join(dir, 'plain.txt.gz');
    writeFileSync(notGzip, 'abc', 'utf8');
    const e = await loadTextFile(notGzip).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DatasetError);
    expect((e as Error).message).toMatch(/^loadTextFile: .* is named \.gz but is not gzip-compressed.*; expected UTF-8 text \(\.txt\) or a gzip of it \(\.txt\.gz\)$/);
    const latin1 = join(dir, 'latin1.txt');
    writeFileSync(latin1, Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    await expect(loadTextFile(latin1)).rejects.toThrow(/is not valid UTF-8 text/);
    await expect(loadTextFile(join(dir, 'missing.txt'))).rejects.toThrow(/^loadTextFile: cannot read/);
  });

  it('reads the shipped corpora', async () => {
    for (const [name, chars] of [['anna-train', 1_786_700], ['shakespeare-train', 1_003_854]] as const) {
      const path = fileURLToPath(new URL(`../../../../../data/${name}.txt.gz`, import.meta.url));
      const got = await loadTextFile(path);
      expect(got.length).toBe(chars);
      expect(got).toBe(gunzipSync(readFileSync(path)).toString('utf8'));
    }
  });
});
