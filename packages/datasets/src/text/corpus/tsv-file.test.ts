import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { DatasetError, TsvFormatError } from '../errors';
import { CORPUS_PATH, corpusText } from '../test-support';
import { parseTsv } from './tsv';
import { loadTsvFile } from './tsv-file';

describe('loadTsvFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsv-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads and parses a UTF-8 file', async () => {
    const path = join(dir, 'ok.tsv');
    writeFileSync(path, "I'm here.\tJe suis là.\n", 'utf8');
    await expect(loadTsvFile(path)).resolves.toEqual([{ source: "I'm here.", target: 'Je suis là.' }]);
  });

  it('names the file and line of a malformed row', async () => {
    const path = join(dir, 'bad.tsv');
    writeFileSync(path, 'a\tb\nc\n', 'utf8');
    const error = await loadTsvFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TsvFormatError);
    expect((error as Error).message).toContain(`${path}:2: expected 2 or 3 tab-separated columns`);
  });

  it('reads a gzip-compressed file, whatever its name', async () => {
    const text = "I'm here.\tJe suis là.\nRun!\tCours\u202f!\n";
    writeFileSync(join(dir, 'ok.tsv.gz'), gzipSync(Buffer.from(text, 'utf8')));
    writeFileSync(join(dir, 'gzipped.tsv'), gzipSync(Buffer.from(text, 'utf8')));
    const expected = [
      { source: "I'm here.", target: 'Je suis là.' },
      { source: 'Run!', target: 'Cours\u202f!' },
    ];
    await expect(loadTsvFile(join(dir, 'ok.tsv.gz'))).resolves.toEqual(expected);
    await expect(loadTsvFile(join(dir, 'gzipped.tsv'))).resolves.toEqual(expected);
  });

  it('names the file and line of a malformed row inside a gzip', async () => {
    const path = join(dir, 'bad.tsv.gz');
    writeFileSync(path, gzipSync(Buffer.from('a\tb\nc\n', 'utf8')));
    await expect(loadTsvFile(path)).rejects.toThrow(`${path}:2: expected 2 or 3 tab-separated columns`);
  });

  it('says what it expected of a file that is neither UTF-8 text nor gzip', async () => {
    const expected = /expected UTF-8 tab-separated text \(\.tsv\) or a gzip of it \(\.tsv\.gz\)$/;
    const notGzip = join(dir, 'plain.tsv.gz');
    writeFileSync(notGzip, 'a\tb\n', 'utf8');
    const e1 = await loadTsvFile(notGzip).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(DatasetError);
    expect((e1 as Error).message).toMatch(/is named \.gz but is not gzip-compressed \(it does not start with the bytes 1f 8b\)/);
    expect((e1 as Error).message).toMatch(expected);

    const damaged = join(dir, 'damaged.tsv.gz');
    writeFileSync(damaged, gzipSync(Buffer.from('a\tb\n'.repeat(100), 'utf8')).subarray(0, 20));
    await expect(loadTsvFile(damaged)).rejects.toThrow(/starts like gzip but does not decompress \(.+\); expected UTF-8/);

    const latin1 = join(dir, 'latin1.tsv');
    writeFileSync(latin1, Buffer.from('Go.\tJe suis l\xe0.\n', 'latin1'));
    await expect(loadTsvFile(latin1)).rejects.toThrow(/latin1\.tsv" is not valid UTF-8 text; expected UTF-8/);

    const binary = join(dir, 'binary.tsv');
    writeFileSync(binary, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00])); // a zip header
    await expect(loadTsvFile(binary)).rejects.toThrow(/binary\.tsv" holds a NUL byte at offset 4, so it is not text; expected UTF-8/);
    const gzippedBinary = join(dir, 'binary.tsv.gz');
    writeFileSync(gzippedBinary, gzipSync(Buffer.from([0x61, 0x00])));
    await expect(loadTsvFile(gzippedBinary)).rejects.toThrow(/binary\.tsv\.gz" \(decompressed\) holds a NUL byte at offset 1/);
  });

  it('reads the corpus kept in the repository as the tests see it', async () => {
    expect(CORPUS_PATH).toMatch(/data[\\/]tatoeba-eng-fra\.tsv\.gz$/);
    const pairs = await loadTsvFile(CORPUS_PATH);
    expect(pairs).toHaveLength(72_979);
    expect(pairs).toEqual(parseTsv(corpusText()));
  });

  it('names a file it cannot read', async () => {
    await expect(loadTsvFile(join(dir, 'missing.tsv'))).rejects.toThrow(DatasetError);
    await expect(loadTsvFile(join(dir, 'missing.tsv'))).rejects.toThrow(/cannot read ".*missing\.tsv" \(ENOENT/);
  });
});

describe('browser safety', () => {
  it('imports no Node module statically anywhere in the text sources', () => {
    const root = new URL('..', import.meta.url);
    const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('test-support.ts'));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const text = readFileSync(new URL(file, root), 'utf8');
      expect(text, file).not.toMatch(/^\s*import\s[^;]*from\s+['"](node:|fs['"]|path['"])/m);
    }
  });
});
