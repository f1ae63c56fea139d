/**
 * Node-only reading of a UTF-8 text file, plain or gzip-compressed (recognised by its first bytes,
 * whatever its name), shared by {@link loadTsvFile} and {@link loadTextFile}. `node:fs` and
 * `node:zlib` are imported lazily, inside the call, so importing this package in a browser pulls
 * in no Node module.
 */
import { DatasetError } from '../errors';

/** Kept in variables so bundlers do not try to resolve Node built-ins for the browser. */
const FS_MODULE = 'node:fs/promises';
const ZLIB_MODULE = 'node:zlib';

/** The two bytes every gzip stream starts with (RFC 1952). */
const GZIP_MAGIC = [0x1f, 0x8b] as const;

/**
 * Reads `path` as strict UTF-8 text, gunzipping it first when it starts like gzip. Errors are
 * {@link DatasetError}s that start with `fnName`, name the file, and end with `expected`.
 * @internal
 */
export async function readTextFile(path: string, fnName: string, expected: string): Promise<{ text: string; where: string }> {
  const fs = (await import(/* @vite-ignore */ FS_MODULE)) as typeof import('node:fs/promises');
  const where = JSON.stringify(path);
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(path);
  } catch (e) {
    throw new DatasetError(`${fnName}: cannot read ${where} (${(e as Error).message})`, { cause: e });
  }
  const gzipped = bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
  if (gzipped) {
    const zlib = (await import(/* @vite-ignore */ ZLIB_MODULE)) as typeof import('node:zlib');
    try {
      bytes = await new Promise<Uint8Array>((resolve, reject) => zlib.gunzip(bytes, (e, out) => (e ? reject(e) : resolve(out))));
    } catch (e) {
      throw new DatasetError(`${fnName}: ${where} starts like gzip but does not decompress (${(e as Error).message}); ${expected}`, { cause: e });
    }
  } else if (path.toLowerCase().endsWith('.gz')) {
    throw new DatasetError(`${fnName}: ${where} is named .gz but is not gzip-compressed (it does not start with the bytes 1f 8b); ${expected}`);
  }
  const named = `${where}${gzipped ? ' (decompressed)' : ''}`;
  return { text: decodeText(bytes, named, fnName, expected), where };
}

/** Strict UTF-8 decoding: a binary or wrongly encoded file is an error, not replacement characters. */
function decodeText(bytes: Uint8Array, where: string, fnName: string, expected: string): string {
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw new DatasetError(`${fnName}: ${where} holds a NUL byte at offset ${nul}, so it is not text; ${expected}`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (e) {
    throw new DatasetError(`${fnName}: ${where} is not valid UTF-8 text; ${expected}`, { cause: e });
  }
}
