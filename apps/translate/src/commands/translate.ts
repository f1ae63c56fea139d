/**
 * `seq2seq-translate translate [TEXT]`: translates TEXT, or (with no TEXT) one sentence per line of
 * stdin to one translation per line of stdout, a Unix filter: lines from a file or a pipe are
 * decoded in batches, on `--workers` threads, a line typed at a terminal is answered at once.
 * `--show-attention` draws each attention matrix on stderr.
 */
import type { Translator } from '@seq2seq/seq2seq';
import { readLineBatches, type LineBatch } from '../../../../scripts/cli/lines';
import { parseArgs } from '../args';
import { loadTranslator } from '../checkpoints';
import { decodingWorkers, inProcessDecoder, poolDecoder, type LineDecoder } from '../line-decoder';
import { defaultModelDir } from '../models';
import { startRuntime } from '../runtime';
import { decodeOptions, lineName, MAX_LINE_CHARS, prepareLines, translationMessages } from '../translate-lines';
import { translateStream } from '../translate-stream';
import { workerCount } from '../workers';
import { DEFAULT_BATCH_SIZE, TRANSLATE_OPTIONS, TRANSLATE_HELP } from './options';

/** Runs `translate`; returns the exit code. */
export async function translate(argv: string[]): Promise<number> {
  const { options: o, positional } = parseArgs(argv, TRANSLATE_OPTIONS);
  const requested = workerCount(o.workers as string | undefined);
  const runtime = await startRuntime(o.backend as string | undefined);
  const modelDir = (o.model as string | undefined) ?? defaultModelDir('eng-fra');
  if (positional.length > 0) {
    const { translator } = await loadTranslator(modelDir);
    try {
      process.stdout.write(`${translateLine(translator, positional.join(' '), null, o)}\n`);
      return 0;
    } finally {
      translator.dispose();
    }
  }
  // One output line per input line: only \n (or \r\n) ends a line, not a bare \r. Lines come
  // in windows (up to --window lines, or what has arrived when the input pauses), decoded
  // --batch-size at a time, shortest first; answers go out in input order.
  const windows = readLineBatches(process.stdin, { maxLines: o.window as number })[Symbol.asyncIterator]();
  let decoder: LineDecoder | undefined;
  try {
    // `--workers auto` looks at the input first: a terminal or a few lines stay on this thread.
    const tty = Boolean(process.stdin.isTTY);
    const first: IteratorResult<LineBatch> | undefined = requested === 'auto' && !tty ? await windows.next() : undefined;
    const workers = decodingWorkers(requested, {
      tty,
      firstWindowLines: first && !first.done ? first.value.lines.length : 0,
      batchSize: (o['batch-size'] as number | undefined) ?? DEFAULT_BATCH_SIZE,
    });
    if (workers > 1) {
      decoder = await poolDecoder(modelDir, workers, runtime.backend);
      process.stderr.write(`decoding on ${workers} worker threads\n`);
    } else decoder = inProcessDecoder((await loadTranslator(modelDir)).translator);
    await translateStream(decoder, windows, o, { first });
    return 0;
  } catch (error) {
    process.stdin.destroy(); // stop reading: an unread pipe must not keep the process alive
    throw error;
  } finally {
    await decoder?.dispose();
  }
}

/** Translates one line (see {@link translateLines}); `lineNumber` null names it 'input' in messages. */
export function translateLine(translator: Translator, raw: string, lineNumber: number | null, o: Record<string, unknown>): string {
  return translateLines(translator, [raw], lineNumber, o)[0]!;
}

/**
 * Translates lines numbered from `firstLine` (null: one line named 'input') on this thread,
 * decoding them together (`--batch-size` sentences at a time); each answer is the one the line
 * gets alone. Empty lines stay empty, over-long lines are refused with a warning, and control
 * characters (NUL, a bare CR, escapes) are dropped with a note, never copied to the output.
 * Notes and warnings go to stderr line by line, in input order.
 */
export function translateLines(translator: Translator, raws: readonly string[], firstLine: number | null, o: Record<string, unknown>): string[] {
  const { messages, texts, which } = prepareLines(raws, firstLine);
  const translations = translator.translate(texts, decodeOptions(o));
  const answers = raws.map(() => '');
  translations.forEach((t, j) => {
    const i = which[j]!;
    messages[i]!.push(...translationMessages(translator, t, lineName(firstLine, i), o));
    answers[i] = t.text;
  });
  const stderr = messages.flat().join('');
  if (stderr) process.stderr.write(stderr);
  return answers;
}

export { MAX_LINE_CHARS, TRANSLATE_OPTIONS, TRANSLATE_HELP };
