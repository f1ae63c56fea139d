/**
 * Node-only loader of a tab-separated corpus file. `node:fs` is imported lazily, inside the call,
 * so importing this package in a browser pulls in no Node module.
 */
import { DatasetError } from '../errors';
import type { TranslationPair } from './pair';
import { parseTsv } from './tsv';

/** Kept in a variable so bundlers do not try to resolve a Node built-in for the browser. */
const FS_MODULE = 'node:fs/promises';

/**
 * Reads a UTF-8 tab-separated corpus file and parses it with {@link parseTsv} (errors name the
 * file and the 1-based line). Node only.
 *
 * @example
 * const pairs = await loadTsvFile('data/eng-fra.tsv');
 */
export async function loadTsvFile(path: string): Promise<TranslationPair[]> {
  const fs = (await import(/* @vite-ignore */ FS_MODULE)) as typeof import('node:fs/promises');
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (e) {
    throw new DatasetError(`loadTsvFile: cannot read ${JSON.stringify(path)} (${(e as Error).message})`, { cause: e });
  }
  return parseTsv(text, { origin: path });
}
