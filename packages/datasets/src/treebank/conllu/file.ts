/** Node-only loading of a CoNLL-U file, plain (`.conllu`) or gzip-compressed (`.conllu.gz`). */
import { readTextFile } from '../../text/corpus/read-text-file';
import { readConllu } from './reader';
import type { ConlluSentence } from './sentence';

const EXPECTED = 'expected UTF-8 CoNLL-U text (.conllu) or a gzip of it (.conllu.gz)';

/**
 * Reads every sentence of a CoNLL-U file. A gzip-compressed file (recognised by its first bytes)
 * is decompressed first. Throws a {@link DatasetError} for a file it cannot read or that is not
 * UTF-8 text, and a {@link ConlluFormatError} naming the file and line for a malformed line.
 * Node only (`node:fs` is imported inside the call).
 *
 * @example
 * const train = await loadConlluFile('data/ud-english-ewt/en_ewt-ud-train.conllu.gz');
 */
export async function loadConlluFile(path: string): Promise<ConlluSentence[]> {
  const { text, where } = await readTextFile(path, 'loadConlluFile', EXPECTED);
  return readConllu(text, { origin: where });
}
