/**
 * For tests only (not exported): the shared Tatoeba corpus, which lies beside the repository at
 * `../shared/data/tatoeba-eng-fra.tsv`. Absent outside CI, tests that need it are skipped; on CI
 * (`CI` set) its absence is an error.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Absolute path of the corpus. */
export const CORPUS_PATH = fileURLToPath(new URL('../../../../../shared/data/tatoeba-eng-fra.tsv', import.meta.url));

/** Whether the corpus is there; throws on CI when it is not. */
export function haveCorpus(): boolean {
  if (existsSync(CORPUS_PATH)) return true;
  if (process.env.CI) throw new Error(`the shared corpus is missing on CI: ${CORPUS_PATH}`);
  return false;
}

let cached: string | undefined;

/** Text of the corpus (read once per test file). */
export function corpusText(): string {
  cached ??= readFileSync(CORPUS_PATH, 'utf8');
  return cached;
}
