import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DatasetError, TsvFormatError } from '../errors';
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
