/** `seq2seq-parse eval FILE`: UAS / LAS of a model on a gold CoNLL-U file, as one JSON line. */
import { attachmentScores, loadConlluFile, sentenceFromForms } from '@seq2seq/datasets';
import { parseArgs, UsageError } from './args';
import { loadModel } from './models';
import { EVAL_OPTIONS } from './options';
import { startRuntime } from './runtime';

export async function evaluate(argv: string[]): Promise<number> {
  const { options, positional } = parseArgs(argv, EVAL_OPTIONS);
  if (positional.length !== 1) throw new UsageError('eval takes one gold CoNLL-U file');
  const gold = await loadConlluFile(positional[0]!);
  await startRuntime(options.backend as string | undefined);
  const parser = await loadModel(options.model as string, { beam: options.beam as number | undefined });
  try {
    const started = performance.now();
    // Only the forms reach the parser: no gold column leaks into its input.
    const parsed = parser.parse(gold.map((s) => sentenceFromForms(s.words.map((w) => w.form))));
    const seconds = (performance.now() - started) / 1000;
    const s = attachmentScores(gold, parsed);
    const pct = (x: number) => Math.round(x * 10000) / 100;
    process.stdout.write(
      `${JSON.stringify({ sentences: gold.length, words: s.words, uas: pct(s.uas), las: pct(s.las), lasUniversal: pct(s.lasUniversal), sentencesPerSecond: Math.round((gold.length / seconds) * 10) / 10 })}\n`,
    );
  } finally {
    parser.dispose();
  }
  return 0;
}
