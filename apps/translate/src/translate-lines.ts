/**
 * One input line of `translate` to one output line, with its notes and warnings: what to decode
 * (control characters dropped, empty and over-long lines not decoded), and what to say about
 * the translation (truncated, unknown words, the attention map). Shared by every way of decoding
 * (this thread, worker threads), so that the output is the same whichever runs.
 */
import type { Translation, TranslateOptions } from '@seq2seq/seq2seq';
import { removeControlCharacters } from '../../../scripts/cli/lines';
import { attentionText } from './attention-text';
import { DEFAULT_BATCH_SIZE } from './commands/options';

/** Longest line accepted; longer input is refused clearly rather than truncated silently. */
export const MAX_LINE_CHARS = 2000;

/** What a line's messages need to know of the model. */
export interface LineModel {
  readonly sourceVocab: { has(word: string): boolean };
  readonly data: { maxSourceLength: number };
}

/** Lines prepared for decoding. */
export interface PreparedLines {
  /** Per input line, the notes and warnings said so far (each ends with a newline). */
  messages: string[][];
  /** The texts to decode. */
  texts: string[];
  /** `which[j]`: the input line (index) of `texts[j]`. */
  which: number[];
}

/** `line N` (numbered from `firstLine`), or `input` for a lone argument (`firstLine` null). */
export function lineName(firstLine: number | null, i: number): string {
  return firstLine === null ? 'input' : `line ${firstLine + i}`;
}

/**
 * Cleans lines numbered from `firstLine` (null: one line named 'input'): control characters (NUL,
 * a bare CR, escapes) are dropped with a note, empty lines stay empty, over-long lines are
 * refused with a warning; the rest are to be decoded.
 */
export function prepareLines(raws: readonly string[], firstLine: number | null): PreparedLines {
  const messages: string[][] = raws.map(() => []);
  const texts: string[] = [];
  const which: number[] = [];
  raws.forEach((raw, i) => {
    const where = lineName(firstLine, i);
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
  return { messages, texts, which };
}

/** What is said about a translation on stderr: truncation, unknown words, the attention map (`--show-attention`). */
export function translationMessages(model: LineModel, t: Translation, where: string, o: Record<string, unknown>): string[] {
  const messages: string[] = [];
  const max = model.data.maxSourceLength;
  if (t.truncated) messages.push(`warning: ${where} is longer than ${max} tokens; only the first ${max} were translated\n`);
  const unknown = t.sourceTokens.filter((w) => !model.sourceVocab.has(w));
  if (unknown.length) messages.push(`note: ${where}: unknown word${unknown.length > 1 ? 's' : ''} ${unknown.map((w) => `'${w}'`).join(', ')}\n`);
  if (o['show-attention'] && t.attention.length) messages.push(`${attentionText(t, process.stderr.columns)}\n\n`);
  return messages;
}

/** The decoding options the command's flags ask for. */
export function decodeOptions(o: Record<string, unknown>): TranslateOptions {
  const beam = o.beam as number;
  return {
    method: beam > 1 ? 'beam' : 'greedy',
    beamWidth: beam,
    lengthPenalty: o['length-penalty'] as number,
    replaceUnknown: !o['no-unk-replace'],
    batchSize: (o['batch-size'] as number | undefined) ?? DEFAULT_BATCH_SIZE,
  };
}
