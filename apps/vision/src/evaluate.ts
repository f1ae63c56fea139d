/**
 * `seq2seq-vision eval`: reads fresh digit strings made by the generator from the MNIST TEST
 * pool and prints the sequence accuracy, the character error rate and the accuracy by length.
 */
import { Rng } from '@seq2seq/core';
import { digitStringReport, imageBatch } from '@seq2seq/datasets/images';
import { readImages } from '@seq2seq/seq2seq';
import { parseArgs, UsageError } from './args';
import { chunks, digitPools, digitStrings } from './data';
import { loadModel } from './models';
import { EVAL_OPTIONS } from './options';
import { startRuntime } from './runtime';

export async function evaluate(argv: string[]): Promise<number> {
  const { options, positional } = parseArgs(argv, EVAL_OPTIONS);
  if (positional.length) throw new UsageError(`eval takes no positional arguments, got '${positional[0]}'`);
  await startRuntime(options.backend as string | undefined);
  const { model, vocabulary } = await loadModel(options.model as string);
  try {
    const started = performance.now();
    const strings = digitStrings(digitPools().test, new Rng(options.seed as number), options.count as number);
    const texts = chunks(strings, options.batch as number).flatMap((part) =>
      readImages(model, vocabulary, imageBatch(part.map((s) => s.image)), { beamWidth: options.beam as number, maxLength: 8 }).map((r) => r.text),
    );
    const report = digitStringReport(texts, strings.map((s) => s.label));
    const round = (x: number) => Math.round(x * 1e4) / 1e4;
    const scores = {
      count: report.count,
      sequenceAccuracy: round(report.sequenceAccuracy),
      characterErrorRate: round(report.characterErrorRate),
      byLength: report.byLength.map((l) => ({ length: l.length, count: l.count, sequenceAccuracy: round(l.sequenceAccuracy), characterErrorRate: round(l.characterErrorRate) })),
    };
    process.stdout.write(`${JSON.stringify({ ...scores, beam: options.beam, seconds: Math.round((performance.now() - started) / 100) / 10 })}\n`);
    return 0;
  } finally {
    model.dispose();
  }
}
