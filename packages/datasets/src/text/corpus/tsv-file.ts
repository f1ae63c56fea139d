/**
 * Node-only loader of a tab-separated corpus file, plain (`.tsv`) or gzip-compressed (`.tsv.gz`).
 * `node:fs` and `node:zlib` are imported lazily, inside the call, so importing this package in a
 * browser pulls in no Node module.
 */
import { DatasetError } from '../errors';
import type { TranslationPair } from './pair';
import { parseTsv } from './tsv';

/** Kept in variables so bundlers do not try to resolve Node built-ins for the browser. */
const FS_MODULE = 'node:fs/promises';
const ZLIB_MODULE = 'node:zlib';

/** The two bytes every gzip stream starts with (RFC 1952). */
const GZIP_MAGIC = [0x1f, 0x8b] as const;

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
  const fs = (await import(/* @vite-ignore */ FS_MODULE)) as typeof import('node:fs/promises');
  const where = JSON.stringify(path);
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(path);
  } catch (e) {
    throw new DatasetError(`loadTsvFile: cannot read ${where} (${(e as Error).message})`, { cause: e });
  }
  const gzipped = bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
  if (gzipped) {
    const zlib = (await import(/* @vite-ignore */ ZLIB_MODULE)) as typeof import('node:zlib');
    try {
      bytes = await new Promise<Uint8Array>((resolve, reject) => zlib.gunzip(bytes, (e, out) => (e ? reject(e) : resolve(out))));
    } catch (e) {
      throw new DatasetError(`loadTsvFile: ${where} starts like gzip but does not decompress (${(e as Error).message}); ${EXPECTED}`, { cause: e });
    }
  } else if (path.toLowerCase().endsWith('.gz')) {
    throw new DatasetError(`loadTsvFile: ${where} is named .gz but is not gzip-compressed (it does not start with the bytes 1f 8b); ${EXPECTED}`);
  }
  return parseTsv(decodeText(bytes, `${where}${gzipped ? ' (decompressed)' : ''}`), { origin: path });
}

/** Strict UTF-8 decoding: a binary or wrongly encoded file is an error, not replacement characters. */
function decodeText(bytes: Uint8Array, where: string): string {
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw new DatasetError(`loadTsvFile: ${where} holds a NUL byte at offset ${nul}, so it is not text; ${EXPECTED}`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (e) {
    throw new DatasetError(`loadTsvFile: ${where} is not valid UTF-8 text; ${EXPECTED}`, { cause: e });
  }
}
