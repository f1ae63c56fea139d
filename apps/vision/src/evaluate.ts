/**
 * `seq2seq-vision eval`: a digit-string model reads fresh strings from the MNIST TEST pool
 * (sequence accuracy, character error rate, accuracy by length); a caption model captions test
 * scenes of seen combinations and held-out scenes of unseen ones (BLEU, exact match, layout).
 */
import { imageBatch } from '@seq2seq/datasets/images';
import { readImages, shiftGrid } from '@seq2seq/seq2seq';
import { parseArgs, UsageError } from './args';
import { chunks } from './data';
import { loadModels, taskOf } from './models';
import { EVAL_OPTIONS } from './options';
import { startRuntime } from './runtime';

export async function evaluate(argv: string[]): Promise<number> {
  const { options, positional } = parseArgs(argv, EVAL_OPTIONS);
  if (positional.length) throw new UsageError(`eval takes no positional arguments, got '${positional[0]}'`);
  await startRuntime(options.backend as string | undefined);
  const loaded = await loadModels(options.model as string);
  const { models, vocabulary } = loaded;
  try {
    const started = performance.now();
    const task = taskOf(vocabulary);
    const shift = (options.shift as number | undefined) ?? task.readShift;
    const out: Record<string, unknown> = { task: task.name };
    for (const [name, examples] of Object.entries(task.test(options.seed as number, options.count as number))) {
      const texts = chunks(examples, options.batch as number).flatMap((part) =>
        readImages(models, vocabulary, imageBatch(part.map((s) => s.image)), { beamWidth: options.beam as number, maxLength: task.maxLength, shifts: shiftGrid(shift) }).map((r) => r.text),
      );
      out[name] = task.score(texts, examples);
    }
    if (models.length > 1) out.ensemble = models.length;
    process.stdout.write(`${JSON.stringify({ ...out, beam: options.beam, shift, seconds: Math.round((performance.now() - started) / 100) / 10 })}\n`);
    return 0;
  } finally {
    loaded.dispose();
  }
}
