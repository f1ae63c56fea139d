/**
 * CoNLL-U reading (universaldependencies.org/format.html), strict enough that writing what was
 * read gives back the same bytes: ten tab-separated columns per word line, `#` comments before a
 * sentence, a blank line after it, multiword-token ranges `3-4` and empty nodes `5.1` kept as
 * they are. A malformed line throws a {@link ConlluFormatError} naming the line and what was
 * expected.
 *
 * {@link ConlluReader} takes one line at a time (for streams: stdin, a file read line by line);
 * {@link readConllu} reads a whole text; {@link iterateConllu} and {@link iterateConlluAsync} yield
 * sentences as they complete.
 */
import { ConlluFormatError } from '../errors';
import {
  CONLLU_COLUMNS,
  type ConlluEmptyNode,
  type ConlluFields,
  type ConlluMultiwordToken,
  type ConlluSentence,
  type ConlluWord,
} from './sentence';

/** Options of the CoNLL-U readers. */
export interface ConlluReadOptions {
  /** Where the text came from, named in errors (a file path). Default `'<string>'`. */
  origin?: string;
}

const RANGE_ID = /^([1-9][0-9]*)-([1-9][0-9]*)$/;
const EMPTY_ID = /^(0|[1-9][0-9]*)\.([1-9][0-9]*)$/;
const EXPECTED_COLUMNS = `10 tab-separated columns (${CONLLU_COLUMNS.join(' ')})`;

/** A sentence being read, with the line numbers needed for errors found at its end. */
interface OpenSentence {
  firstLine: number;
  sentence: ConlluSentence;
  headLines: number[];
  rangeLines: number[];
  /** A range was read and its first word has not come yet. */
  pendingRange: boolean;
}

/**
 * Reads CoNLL-U one line at a time. `push(line)` returns a sentence when `line` is the blank line
 * that ends it; `finish()` ends the input and returns the last sentence when the text did not end
 * with a blank line. Lines are given without their line end (a trailing `\r` is dropped).
 * Several blank lines in a row count as one. Input without any sentence is an error at `finish()`.
 *
 * @example
 * const reader = new ConlluReader({ origin: 'stdin' });
 * for await (const line of lines) {
 *   const sentence = reader.push(line);
 *   if (sentence) handle(sentence);
 * }
 * const last = reader.finish();
 * if (last) handle(last);
 */
export class ConlluReader {
  /** Where the text came from, as named in errors. */
  readonly origin: string;
  private lineNumber = 0;
  private current: OpenSentence | null = null;
  private completed = 0;
  private finished = false;

  constructor(options: ConlluReadOptions = {}) {
    this.origin = options.origin ?? '<string>';
  }

  /** Number of sentences returned so far. */
  get sentenceCount(): number {
    return this.completed;
  }

  /** Reads the next line; returns the sentence that a blank line completes, otherwise `undefined`. */
  push(rawLine: string): ConlluSentence | undefined {
    if (this.finished) throw this.error(this.lineNumber, 'push() after finish(); expected a new ConlluReader for new input');
    this.lineNumber++;
    let line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (this.lineNumber === 1 && line.startsWith('\uFEFF')) line = line.slice(1); // a byte-order mark
    if (line.includes('\n')) throw this.error(this.lineNumber, 'the line holds a newline; expected one line at a time, without its line end');
    if (line === '') return this.close();
    const open = (this.current ??= {
      firstLine: this.lineNumber,
      sentence: { comments: [], words: [], multiwordTokens: [], emptyNodes: [] },
      headLines: [],
      rangeLines: [],
      pendingRange: false,
    });
    if (line.startsWith('#')) {
      const s = open.sentence;
      if (s.words.length + s.multiwordTokens.length + s.emptyNodes.length > 0) {
        throw this.error(this.lineNumber, 'a comment line after the word lines of a sentence; expected comments only before its first word line, or a blank line to end the sentence first');
      }
      s.comments.push(line);
      return undefined;
    }
    this.readTokenLine(open, line);
    return undefined;
  }

  /** Ends the input; returns the last sentence if the text did not end with a blank line. */
  finish(): ConlluSentence | undefined {
    if (this.finished) return undefined;
    const last = this.close();
    this.finished = true;
    if (this.completed === 0) {
      throw this.error(0, 'empty input: expected at least one sentence (word lines of 10 tab-separated columns, each sentence followed by a blank line)');
    }
    return last;
  }

  private readTokenLine(open: OpenSentence, line: string): void {
    const columns = line.split('\t');
    if (columns.length !== 10) {
      throw this.error(this.lineNumber, `expected ${EXPECTED_COLUMNS}, found ${columns.length} column${columns.length === 1 ? '' : 's'}: ${quote(line)}`);
    }
    const emptyAt = columns.indexOf('');
    if (emptyAt >= 0) {
      throw this.error(this.lineNumber, `column ${emptyAt + 1} (${CONLLU_COLUMNS[emptyAt]}) is empty; expected a value, or _ where it is unspecified`);
    }
    const [id, form, lemma, upos, xpos, feats, head, deprel, deps, misc] = columns as [string, string, string, string, string, string, string, string, string, string];
    const s = open.sentence;
    const next = s.words.length + 1;
    if (isWordId(id)) {
      if (Number(id) !== next) throw this.error(this.lineNumber, `word ID ${id} out of order; expected ${next} (words are numbered 1, 2, 3, ... in each sentence)`);
      if (head !== '_' && head !== '0' && !isWordId(head)) {
        throw this.error(this.lineNumber, `HEAD ${quote(head)} of word ${id} is not a word ID; expected 0 (root), a word ID of the sentence, or _`);
      }
      const word: ConlluWord = { id: next, form, lemma, upos, xpos, feats, head: head === '_' ? null : Number(head), deprel, deps, misc };
      s.words.push(word);
      open.headLines.push(this.lineNumber);
      open.pendingRange = false;
      return;
    }
    const fields: ConlluFields = { form, lemma, upos, xpos, feats, head, deprel, deps, misc };
    const range = RANGE_ID.exec(id);
    if (range) {
      const first = Number(range[1]);
      const last = Number(range[2]);
      if (last <= first) throw this.error(this.lineNumber, `multiword-token range ${id} is empty or reversed; expected first-last with last > first`);
      if (first !== next || open.pendingRange) {
        throw this.error(this.lineNumber, `multiword-token range ${id} out of place; expected a range to come right before its first word (here, a range starting at ${next})`);
      }
      const previous = s.multiwordTokens.at(-1);
      if (previous && first <= previous.last) throw this.error(this.lineNumber, `multiword-token range ${id} overlaps ${previous.first}-${previous.last}; expected ranges that do not overlap`);
      const token: ConlluMultiwordToken = { first, last, ...fields };
      s.multiwordTokens.push(token);
      open.rangeLines.push(this.lineNumber);
      open.pendingRange = true;
      return;
    }
    const empty = EMPTY_ID.exec(id);
    if (empty) {
      const after = Number(empty[1]);
      const index = Number(empty[2]);
      const previous = s.emptyNodes.at(-1);
      const indexHere = previous && previous.after === s.words.length ? previous.index + 1 : 1;
      if (open.pendingRange) {
        throw this.error(this.lineNumber, `empty node ${id} out of place; expected word ${next}, the first word of the range before it`);
      }
      if (after !== s.words.length || index !== indexHere) {
        throw this.error(this.lineNumber, `empty node ${id} out of place; expected ${s.words.length}.${indexHere} or word ${next} (empty nodes follow the word they are numbered after, in order)`);
      }
      const node: ConlluEmptyNode = { after, index, ...fields };
      s.emptyNodes.push(node);
      return;
    }
    throw this.error(this.lineNumber, `ID ${quote(id)} is not a word ID (1, 2, ...), a multiword-token range (3-4) or an empty node (5.1)`);
  }

  /** Ends the open sentence (at a blank line or the end of input) after the checks that need all of it. */
  private close(): ConlluSentence | undefined {
    const open = this.current;
    if (!open) return undefined;
    this.current = null;
    const s = open.sentence;
    const n = s.words.length;
    if (n === 0) {
      throw this.error(open.firstLine, `the sentence starting here has no word lines; expected word lines (ID 1, 2, ...) after its comments, before line ${this.lineNumber}`);
    }
    s.words.forEach((w, i) => {
      if (w.head !== null && w.head > n) {
        throw this.error(open.headLines[i]!, `HEAD ${w.head} of word ${w.id} is out of range; expected 0 (root) to ${n} (the sentence has ${n} words), or _`);
      }
    });
    s.multiwordTokens.forEach((t, i) => {
      if (t.last > n) throw this.error(open.rangeLines[i]!, `multiword-token range ${t.first}-${t.last} ends after the last word; expected last <= ${n}`);
    });
    this.completed++;
    return s;
  }

  private error(line: number, message: string): ConlluFormatError {
    const where = line > 0 ? `${this.origin} line ${line}` : this.origin;
    return new ConlluFormatError(`CoNLL-U ${where}: ${message}`, line, this.origin);
  }
}

/**
 * Reads every sentence of a CoNLL-U text. Throws a {@link ConlluFormatError} (with the 1-based
 * `line`) for a malformed line and for input without any sentence.
 *
 * @example
 * const [sentence] = readConllu('1\tHi\thi\tINTJ\tUH\t_\t0\troot\t0:root\t_\n\n');
 * sentence.words[0].head; // 0
 */
export function readConllu(text: string, options: ConlluReadOptions = {}): ConlluSentence[] {
  return [...iterateConllu(splitLines(text), options)];
}

/** Yields the sentences of CoNLL-U lines (without line ends) as each one completes. */
export function* iterateConllu(lines: Iterable<string>, options: ConlluReadOptions = {}): Generator<ConlluSentence> {
  const reader = new ConlluReader(options);
  for (const line of lines) {
    const sentence = reader.push(line);
    if (sentence) yield sentence;
  }
  const last = reader.finish();
  if (last) yield last;
}

/** {@link iterateConllu} over an asynchronous source of lines (Node's `readline` over stdin). */
export async function* iterateConlluAsync(lines: AsyncIterable<string>, options: ConlluReadOptions = {}): AsyncGenerator<ConlluSentence> {
  const reader = new ConlluReader(options);
  for await (const line of lines) {
    const sentence = reader.push(line);
    if (sentence) yield sentence;
  }
  const last = reader.finish();
  if (last) yield last;
}

/** The lines of a text, `\n` or `\r\n` ended; a final line end does not start another line. */
function* splitLines(text: string): Generator<string> {
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    yield text.slice(start, end);
    start = end + 1;
  }
}

/** `[1-9][0-9]*`, without a regular expression (this runs for every word of a treebank). */
function isWordId(s: string): boolean {
  const first = s.charCodeAt(0);
  if (!(first >= 49 && first <= 57)) return false;
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function quote(s: string): string {
  return JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}...` : s);
}
