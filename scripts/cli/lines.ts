/**
 * Line input for the apps' filters (`translate`, `solve`): one answer per input line, so only
 * `\n` ends a line (`\r\n` too: its `\r` is dropped). A bare `\r` inside a line is part of the
 * line, unlike Node's `readline`, which also splits there and so answers more lines than it read.
 */

/** Yields the lines of a byte or text stream (without their `\n` or `\r\n`). */
export async function* readLines(input: AsyncIterable<string | Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let pending = '';
  for await (const chunk of input) {
    pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let end = pending.indexOf('\n');
    while (end >= 0) {
      yield stripCarriageReturn(pending.slice(0, end));
      pending = pending.slice(end + 1);
      end = pending.indexOf('\n');
    }
  }
  pending += decoder.decode();
  if (pending !== '') yield stripCarriageReturn(pending);
}

function stripCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** C0 and C1 control characters other than tab (U+0000-U+0008, U+000A-U+001F, U+007F-U+009F). */
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;

/**
 * Removes control characters (NUL, bare CR, escape sequences...) from a line and turns tabs into
 * spaces; returns the cleaned text and the characters removed, as `U+XXXX`, for a note on stderr.
 */
export function removeControlCharacters(line: string): { text: string; removed: string[] } {
  const removed: string[] = [];
  const text = line.replace(CONTROL, (c) => {
    removed.push(`U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
    return '';
  });
  return { text: text.replace(/\t/g, ' '), removed };
}

/** Options of {@link readLineBatches}. */
export interface LineBatchOptions {
  /** Most lines in one batch. */
  maxLines: number;
  /** How long the input may pause before the lines read so far are answered, in ms. Default 10. */
  waitMs?: number;
}

/** A batch of consecutive input lines, with the 1-based number of its first line. */
export interface LineBatch {
  lines: string[];
  firstLine: number;
}

/**
 * Groups the lines of `input` (as {@link readLines} splits them) into batches for filters that
 * answer many lines at once: a batch ends at `maxLines` lines, at the end of the input, or when
 * the input pauses for `waitMs` (a person typing, a producer waiting for the answer), so a line
 * typed at a terminal is answered at once while a file or a pipe is read in full batches.
 */
export async function* readLineBatches(input: AsyncIterable<string | Uint8Array>, options: LineBatchOptions): AsyncGenerator<LineBatch> {
  const { maxLines, waitMs = 10 } = options;
  const lines = readLines(input)[Symbol.asyncIterator]();
  let batch: string[] = [];
  let firstLine = 1;
  let pending: Promise<IteratorResult<string>> | null = null;
  const paused = Symbol('paused');
  for (;;) {
    pending ??= lines.next();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const next =
      batch.length === 0
        ? await pending
        : await Promise.race([pending, new Promise<typeof paused>((resolve) => (timer = setTimeout(() => resolve(paused), waitMs)))]);
    clearTimeout(timer);
    if (next === paused) {
      yield { lines: batch, firstLine };
      firstLine += batch.length;
      batch = [];
      continue;
    }
    pending = null;
    if (next.done) break;
    batch.push(next.value);
    if (batch.length >= maxLines) {
      yield { lines: batch, firstLine };
      firstLine += batch.length;
      batch = [];
    }
  }
  if (batch.length > 0) yield { lines: batch, firstLine };
}
