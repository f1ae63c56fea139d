/** Real sentences for the tests: the English side of the repository's Tatoeba corpus. */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

const CORPUS = new URL('../../../data/tatoeba-eng-fra.tsv.gz', import.meta.url);

/** `count` English sentences spread over the corpus (which runs from short to long sentences). */
export function tatoebaSample(count: number): string[] {
  const lines = gunzipSync(readFileSync(CORPUS)).toString('utf8').trim().split('\n');
  const stride = Math.floor(lines.length / count);
  return Array.from({ length: count }, (_, i) => lines[i * stride + 7]!.split('\t')[0]!);
}
