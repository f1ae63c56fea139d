/**
 * The corpus excerpts the page trains on: the first {@link EXCERPT_CHARS} characters of each of
 * the repository's corpora (`data/*-train.txt.gz`), written as plain text files next to the page
 * at build time, so the page downloads about 200 kB instead of a whole novel.
 */
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { CORPORA } from './corpus-list';

/** Characters of each corpus shipped with the page. */
export const EXCERPT_CHARS = 200_000;

/** The repository's data folder. */
export const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'data');

/** The first `chars` characters of a corpus of `data/` (the texts are ASCII: bytes are characters). */
export async function corpusExcerpt(file: string, chars: number = EXCERPT_CHARS, dataDir: string = DATA_DIR): Promise<string> {
  const text = gunzipSync(await readFile(join(dataDir, file))).subarray(0, chars).toString('utf8');
  // End at a line break, so the excerpt does not stop mid-word.
  const end = text.lastIndexOf('\n');
  return end > 0 ? text.slice(0, end + 1) : text;
}

/** Writes every excerpt into `outDir/corpora/<name>.txt`. */
export async function writeExcerpts(outDir: string): Promise<void> {
  await mkdir(join(outDir, 'corpora'), { recursive: true });
  for (const corpus of CORPORA) await writeFile(join(outDir, 'corpora', `${corpus.name}.txt`), await corpusExcerpt(corpus.file));
}
