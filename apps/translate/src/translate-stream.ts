/**
 * `translate`'s filter loop: windows of input lines are handed to the decoder as they are read,
 * and the answers are written in input order, each as soon as it and every line before it are
 * ready. With worker threads, the next windows are read and queued while earlier ones decode
 * (at most `ahead` windows waiting to be written), so no worker waits at a window's end.
 */
import type { LineBatch } from '../../../scripts/cli/lines';
import type { LineDecoder } from './line-decoder';
import { decodeOptions, lineName, prepareLines, translationMessages } from './translate-lines';

/** A line's answer: the output line and what goes to stderr before it. */
interface LineAnswer {
  line: string;
  stderr: string;
}

/** An answer to come, and the answer once it is there. */
interface Pending {
  promise: Promise<LineAnswer>;
  ready?: LineAnswer;
}

/** Where the answers go. */
export interface Output {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** Starts decoding one window; returns each line's answer to come, in input order. */
function answerLines(decoder: LineDecoder, { lines, firstLine }: LineBatch, o: Record<string, unknown>): Pending[] {
  const { messages, texts, which } = prepareLines(lines, firstLine);
  const translations = decoder.translateEach(texts, decodeOptions(o));
  const answers: Array<Promise<LineAnswer>> = lines.map((_, i) => Promise.resolve({ line: '', stderr: messages[i]!.join('') }));
  which.forEach((i, j) => {
    answers[i] = translations[j]!.then((t) => ({
      line: t.text,
      stderr: [...messages[i]!, ...translationMessages(decoder, t, lineName(firstLine, i), o)].join(''),
    }));
  });
  return answers.map((promise) => {
    const pending: Pending = { promise };
    promise.then((a) => (pending.ready = a), () => {});
    return pending;
  });
}

/** Writes the answers in order: whatever is ready at once, then waits for the next. */
async function writeInOrder(answers: Pending[], out: Output): Promise<void> {
  let stdout = '';
  let stderr = '';
  const flush = () => {
    if (stderr) out.stderr.write(stderr);
    if (stdout) out.stdout.write(stdout);
    stdout = stderr = '';
  };
  for (const pending of answers) {
    if (!pending.ready) flush();
    const answer = pending.ready ?? (await pending.promise);
    stderr += answer.stderr;
    stdout += `${answer.line}\n`;
  }
  flush();
}

/**
 * Translates every window of `windows` (after `first`, if given: a window already read) with
 * `decoder`, writing the answers to `out` in input order. Rejects with the first decoding error
 * (a worker that died), without waiting for more input.
 */
export async function translateStream(
  decoder: LineDecoder,
  windows: AsyncIterator<LineBatch>,
  o: Record<string, unknown>,
  options: { first?: IteratorResult<LineBatch>; out?: Output; ahead?: number } = {},
): Promise<void> {
  const out = options.out ?? process;
  const ahead = options.ahead ?? 2;
  let fail!: (error: unknown) => void;
  const failed = new Promise<never>((_, reject) => (fail = reject));
  failed.catch(() => {});
  let writing: Promise<void> = Promise.resolve();
  const unwritten: Array<Promise<void>> = [];
  let next = options.first;
  for (;;) {
    next ??= await Promise.race([windows.next(), failed]);
    if (next.done) break;
    const answers = answerLines(decoder, next.value, o);
    next = undefined;
    writing = writing.then(() => writeInOrder(answers, out));
    writing.catch(fail);
    unwritten.push(writing);
    while (unwritten.length > ahead) await Promise.race([unwritten.shift()!, failed]);
  }
  await writing;
}
