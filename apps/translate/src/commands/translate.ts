/**
 * `seq2seq-translate translate [TEXT]`: translates TEXT, or (with no TEXT) one sentence per line of
 * stdin to one translation per line of stdout, a Unix filter: lines from a file or a pipe are
 * decoded in batches, a line typed at a terminal is answered at once. `--show-attention` draws
 * each attention matrix on stderr.
 */
import type { Translator } from '@seq2seq/seq2seq';
import { readLineBatches, removeControlCharacters } from '../../../../scripts/cli/lines';
import { parseArgs } from '../args';
import { loadTranslator } from '../checkpoints';
import { attentionText } from '../attention-text';
import { defaultModelDir } from '../models';
import { startRuntime } from '../runtime';
import { DEFAULT_BATCH_SIZE, TRANSLATE_OPTIONS, TRANSLATE_HELP } from './options';

/** Longest line accepted; longer input is refused clearly rather than truncated silently. */
export const MAX_LINE_CHARS = 2000;

/** Runs `translate`; returns the exit code. */
export async function translate(argv: string[]): Promise<number> {
  const { options: o, positional } = parseArgs(argv, TRANSLATE_OPTIONS);
  await startRuntime(o.backend as string | undefined);
  const { translator } = await loadTranslator((o.model as string | undefined) ?? defaultModelDir('eng-fra'));
  try {
    if (positional.length > 0) {
      process.stdout.write(`${translateLine(translator, positional.join(' '), null, o)}\n`);
      return 0;
    }
    // One output line per input line: only \n (or \r\n) ends a line, not a bare \r. Lines come
    // in windows (up to --window lines, or what has arrived when the input pauses), decoded
    // --batch-size at a time, shortest first; answers go out in input order.
    for await (const { lines, firstLine } of readLineBatches(process.stdin, { maxLines: o.window as number })) {
      const answers = translateLines(translator, lines, firstLine, o);
      process.stdout.write(answers.map((a) => `${a}\n`).join(''));
    }
    return 0;
  } finally {
    translator.dispose();
  }
}

/** Translates one line (see {@link translateLines}); `lineNumber` null names it 'input' in messages. */
export function translateLine(translator: Translator, raw: string, lineNumber: number | null, o: Record<string, unknown>): string {
  return translateLines(translator, [raw], lineNumber, o)[0]!;
}

/**
 * Translates lines numbered from `firstLine` (null: one line named 'input'), decoding them together
 * (`--batch-size` sentences at a time); each answer is the one the line gets alone. Empty lines
 * stay empty, over-long lines are refused with a warning, and control characters (NUL, a bare
 * CR, escapes) are dropped with a note, never copied to the output. Notes and warnings go to
 * stderr line by line, in input order.
 */
export function translateLines(translator: Translator, raws: readonly string[], firstLine: number | null, o: Record<string, unknown>): string[] {
  const messages: string[][] = raws.map(() => []);
  const texts: string[] = [];
  const which: number[] = [];
  raws.forEach((raw, i) => {
    const where = firstLine === null ? 'input' : `line ${firstLine + i}`;
    const { text: line, removed } = removeControlCharacters(raw);
    if (removed.length) messages[i]!.push(`note: ${where}: removed ${removed.length} control character${removed.length > 1 ? 's' : ''} (${[...new Set(removed)].join(', ')})\n`);
    if (line.trim() === '') return;
    if (line.length > MAX_LINE_CHARS) {
      messages[i]!.push(`warning: ${where} has ${line.length} characters (limit ${MAX_LINE_CHARS}); left untranslated\n`);
      return;
    }
    texts.push(line);
    which.push(i);
  });
  const beam = o.beam as number;
  const translations = translator.translate(texts, {
    method: beam > 1 ? 'beam' : 'greedy',
    beamWidth: beam,
    lengthPenalty: o['length-penalty'] as number,
    replaceUnknown: !o['no-unk-replace'],
    batchSize: (o['batch-size'] as number | undefined) ?? DEFAULT_BATCH_SIZE,
  });
  const answers = raws.map(() => '');
  translations.forEach((t, j) => {
    const i = which[j]!;
    const where = firstLine === null ? 'input' : `line ${firstLine + i}`;
    if (t.truncated) messages[i]!.push(`warning: ${where} is longer than ${translator.data.maxSourceLength} tokens; only the first ${translator.data.maxSourceLength} were translated\n`);
    const unknown = t.sourceTokens.filter((w) => !translator.sourceVocab.has(w));
    if (unknown.length) messages[i]!.push(`note: ${where}: unknown word${unknown.length > 1 ? 's' : ''} ${unknown.map((w) => `'${w}'`).join(', ')}\n`);
    if (o['show-attention'] && t.attention.length) messages[i]!.push(`${attentionText(t, process.stderr.columns)}\n\n`);
    answers[i] = t.text;
  });
  const stderr = messages.flat().join('');
  if (stderr) process.stderr.write(stderr);
  return answers;
}

export { TRANSLATE_OPTIONS, TRANSLATE_HELP };
