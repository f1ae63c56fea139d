/**
 * Node-only loader of a tab-separated corpus file, plain (`.tsv`) or gzip-compressed (`.tsv.gz`).
 * `node:fs` and `node:zlib` are imported lazily, inside the call, so importing this package in a
 * browser pulls in no Node module.
 */
import type { TranslationPair } from './pair';
import { readTextFile } from './read-text-file';
import { parseTsv } from './tsv';

const EXPECTED = 'expected UTF-8 tab-separated text (.tsv) or a gzip of it (.tsv.gz)';

/**
 * Reads a tab-separated corpus file and parses it with {@link parseTsv} (errors name the file and
 * the 1-based line). A gzip-compressed file (recognised by its first bytes, whatever its name) is
 * decompressed first. Throws a {@link DatasetError} for a file it cannot read, a `.gz` that is not
 * gzip, a damaged gzip, or contents that are not UTF-8 text. Node only.
 *
 * @example
 * const pairs = await loadTsvFile('data/tatoeba-eng-fra.tsv.gz');
 */
export async function loadTsvFile(path: string): Promise<TranslationPair[]> {
  const { text } = await readTextFile(path, 'loadTsvFile', EXPECTED);
  return parseTsv(text, { origin: path });
}
