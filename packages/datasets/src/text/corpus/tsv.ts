/**
 * Parser of tab-separated parallel corpora, one pair a line: `source<TAB>target`, optionally
 * `<TAB>attribution` (ignored), as in the Tatoeba/ManyThings files. A malformed row is reported
 * with its 1-based line number and what was expected.
 */
import { TsvFormatError } from '../errors';
import type { TranslationPair } from './pair';

/** Options of {@link parseTsv}. */
export interface ParseTsvOptions {
  /** Where the text came from, for error messages (e.g. a file path). Default `'<string>'`. */
  origin?: string;
}

const EXPECTED = 'expected 2 or 3 tab-separated columns: source, target[, attribution]';

/**
 * Pairs of a tab-separated corpus. Both sides are trimmed; blank lines are skipped; CRLF line
 * ends and a byte-order mark are accepted. Throws a {@link TsvFormatError} for a row with one
 * column, more than three, or an empty source or target.
 *
 * @example
 * parseTsv('Go.\tVa !\nHi.\tSalut !\tCC-BY 2.0 (France) Attribution: tatoeba.org');
 * // [{ source: 'Go.', target: 'Va !' }, { source: 'Hi.', target: 'Salut !' }]
 */
export function parseTsv(text: string, options: ParseTsvOptions = {}): TranslationPair[] {
  const origin = options.origin ?? '<string>';
  const pairs: TranslationPair[] = [];
  const lines = text.replace(/^\ufeff/, '').split(/\r?\n/);
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const fail = (what: string): never => {
      throw new TsvFormatError(`parseTsv: ${origin}:${index + 1}: ${what}`, index + 1, origin);
    };
    const columns = line.split('\t');
    if (columns.length < 2) fail(`${EXPECTED}, got 1 column (no tab): ${JSON.stringify(preview(line))}`);
    if (columns.length > 3) fail(`${EXPECTED}, got ${columns.length} columns`);
    const source = (columns[0] as string).trim();
    const target = (columns[1] as string).trim();
    if (source === '') fail(`${EXPECTED}, got an empty source (column 1)`);
    if (target === '') fail(`${EXPECTED}, got an empty target (column 2)`);
    pairs.push({ source, target });
  });
  return pairs;
}

function preview(line: string): string {
  return line.length > 60 ? `${line.slice(0, 60)}...` : line;
}
