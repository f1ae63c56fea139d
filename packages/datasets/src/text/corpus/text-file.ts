/**
 * Node-only loader of a plain-text corpus (a novel, a play), plain (`.txt`) or gzip-compressed
 * (`.txt.gz`), for character-level language models.
 */
import { readTextFile } from './read-text-file';

const EXPECTED = 'expected UTF-8 text (.txt) or a gzip of it (.txt.gz)';

/**
 * Reads a whole UTF-8 text file. A gzip-compressed file (recognised by its first bytes, whatever
 * its name) is decompressed first. Line ends are kept as they are (`\r\n` stays). Throws a
 * {@link DatasetError} for a file it cannot read, a `.gz` that is not gzip, a damaged gzip, or
 * contents that are not UTF-8 text. Node only.
 *
 * @example
 * const text = await loadTextFile('data/anna-train.txt.gz');
 */
export async function loadTextFile(path: string): Promise<string> {
  return (await readTextFile(path, 'loadTextFile', EXPECTED)).text;
}
