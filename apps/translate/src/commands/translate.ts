/**
 * `seq2seq-translate translate [TEXT]`: translates TEXT, or (with no TEXT) one sentence per line of
 * stdin to one translation per line of stdout, a Unix filter. `--show-attention` draws each
 * attention matrix on stderr.
 */
import type { Translator } from '@seq2seq/seq2seq';
import { readLines, removeControlCharacters } from '../../../../scripts/cli/lines';
import { parseArgs } from '../args';
import { loadTranslator } from '../checkpoints';
import { attentionText } from '../attention-text';
import { defaultModelDir } from '../models';
import { startRuntime } from '../runtime';
import { TRANSLATE_OPTIONS, TRANSLATE_HELP } from './options';

/** Longest line accepted; longer input is refused clearly rather than truncated silently. */
export const MAX_LINE_CHARS = 2000;

/** Runs `translate`; returns the exit code. */
export async function translate(argv: string[]): Promise<number> {
  const { options: o, positional } = parseArgs(argv, TRANSLATE_OPTIONS);
  await startRuntime(o.backend as string | undefined);
  const { translator } = await loadTranslator((o.model as string | undefined) ?? defaultModelDir('eng-fra'));
  const run = (line: string, lineNumber: number | null): string => translateLine(translator, line, lineNumber, o);
  try {
    if (positional.length > 0) {
      process.stdout.write(`${run(positional.join(' '), null)}\n`);
      return 0;
    }
    let n = 0;
    // One output line per input line: only \n (or \r\n) ends a line, not a bare \r.
    for await (const line of readLines(process.stdin)) {
      n += 1;
      process.stdout.write(`${run(line, n)}\n`);
    }
    return 0;
  } finally {
    translator.dispose();
  }
}

/**
 * Translates one line; empty lines stay empty, over-long lines are refused with a warning, and
 * control characters (NUL, a bare CR, escapes) are dropped with a note, never copied to the output.
 */
export function translateLine(translator: Translator, raw: string, lineNumber: number | null, o: Record<string, unknown>): string {
  const where = lineNumber === null ? 'input' : `line ${lineNumber}`;
  const { text: line, removed } = removeControlCharacters(raw);
  if (removed.length) process.stderr.write(`note: ${where}: removed ${removed.length} control character${removed.length > 1 ? 's' : ''} (${[...new Set(removed)].join(', ')})\n`);
  if (line.trim() === '') return '';
  if (line.length > MAX_LINE_CHARS) {
    process.stderr.write(`warning: ${where} has ${line.length} characters (limit ${MAX_LINE_CHARS}); left untranslated\n`);
    return '';
  }
  const beam = o.beam as number;
  const [t] = translator.translate([line], {
    method: beam > 1 ? 'beam' : 'greedy',
    beamWidth: beam,
    lengthPenalty: o['length-penalty'] as number,
    replaceUnknown: !o['no-unk-replace'],
  });
  if (t!.truncated) process.stderr.write(`warning: ${where} is longer than ${translator.data.maxSourceLength} tokens; only the first ${translator.data.maxSourceLength} were translated\n`);
  const unknown = t!.sourceTokens.filter((w) => !translator.sourceVocab.has(w));
  if (unknown.length) process.stderr.write(`note: ${where}: unknown word${unknown.length > 1 ? 's' : ''} ${unknown.map((w) => `'${w}'`).join(', ')}\n`);
  if (o['show-attention'] && t!.attention.length) {
    process.stderr.write(`${attentionText(t!, process.stderr.columns)}\n\n`);
  }
  return t!.text;
}

export { TRANSLATE_OPTIONS, TRANSLATE_HELP };
