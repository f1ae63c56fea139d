/**
 * `seq2seq-parse parse`: CoNLL-U (or, with `--text`, whitespace-tokenised lines) on stdin, the same
 * sentences with HEAD, DEPREL (and UPOS) filled on stdout.
 */
import { readConllu, sentenceFromForms, writeConllu, type ConlluSentence } from '@seq2seq/datasets';
import { parseArgs, UsageError } from './args';
import { loadModel } from './models';
import { PARSE_OPTIONS } from './options';
import { startRuntime } from './runtime';
import { readStdin } from './stdin';

/** The sentences of `--text` input: one per non-blank line, split on whitespace. */
export function textSentences(text: string): ConlluSentence[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => sentenceFromForms(line.split(/\s+/)));
}

export async function parse(argv: string[]): Promise<number> {
  const { options, positional } = parseArgs(argv, PARSE_OPTIONS);
  if (positional.length) throw new UsageError(`parse reads stdin and takes no positional arguments, got '${positional[0]}'`);
  const input = await readStdin();
  const sentences = options.text ? textSentences(input) : readConllu(input, { origin: 'stdin' });
  if (sentences.length === 0) throw new UsageError('parse: the input has no sentence; expected at least one line of words');
  await startRuntime(options.backend as string | undefined);
  const parser = await loadModel(options.model as string, { beam: options.beam as number | undefined });
  try {
    process.stdout.write(writeConllu(parser.parse(sentences)));
  } finally {
    parser.dispose();
  }
  return 0;
}
