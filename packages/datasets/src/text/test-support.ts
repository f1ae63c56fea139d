/**
 * For tests only (not exported): the Tatoeba English-French corpus, kept in the repository at
 * `data/tatoeba-eng-fra.tsv.gz` (see `data/README.md`: CC-BY 2.0 FR, credit "Tatoeba
 * (tatoeba.org)"), so corpus tests run in any clone.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

/** Absolute path of the compressed corpus. */
export const CORPUS_PATH = fileURLToPath(new URL('../../../../data/tatoeba-eng-fra.tsv.gz', import.meta.url));

let cached: string | undefined;

/** Text of the corpus, decompressed (read once per test file). */
export function corpusText(): string {
  cached ??= gunzipSync(readFileSync(CORPUS_PATH)).toString('utf8');
  return cached;
}
