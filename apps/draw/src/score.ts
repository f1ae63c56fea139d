/**
 * `seq2seq-draw score`: binarised images as JSON lines on stdin (`{"bits": "0101..."}`), one JSON
 * line out: `{"images", "natsPerImage", "bound"}`. A bad line is reported on stderr (its number and
 * what was expected) and skipped; every good line is still scored, and the status is then 1.
 */
import { DRAW_KIND } from '@seq2seq/seq2seq';
import { parseArgs, UsageError } from './args';
import { BadLineError, parseBitsLine } from './bits';
import { loadModel } from './load';
import { SCORE_OPTIONS } from './options';
import { startRuntime } from './runtime';
import { stdinLines } from './stdin';

const round = (x: number): number => Math.round(x * 1e4) / 1e4;

export async function score(argv: string[]): Promise<number> {
  const { options, positional } = parseArgs(argv, SCORE_OPTIONS);
  if (positional.length) throw new UsageError(`score takes no positional arguments (images come on stdin), got '${positional[0]}'`);
  await startRuntime(options.backend as string | undefined);
  const { model } = await loadModel(options.model as string);
  try {
    if (!model.score) throw new UsageError(`--model ${options.model as string} is a '${model.kind}' model, which paints images rather than scoring them: use 'seq2seq-draw paint'`);
    const samples = options.samples as number;
    if (samples > 1 && model.kind !== DRAW_KIND) throw new UsageError(`--samples: a '${model.kind}' model's score is exact; importance samples tighten DRAW's bound only`);
    const pixels = model.width * model.height;
    const images: Uint8Array[] = [];
    let skipped = 0;
    let number = 0;
    for await (const line of stdinLines()) {
      number += 1;
      if (line.trim() === '') continue;
      try {
        images.push(parseBitsLine(line, pixels));
      } catch (e) {
        if (!(e instanceof BadLineError)) throw e;
        skipped += 1;
        process.stderr.write(`line ${number}: skipped: ${e.message}\n`);
      }
    }
    if (images.length === 0) {
      throw new UsageError(`score read no image on stdin: expected JSON lines {"bits": "<${pixels} characters 0 or 1>"} (see 'seq2seq-draw images')`);
    }
    const bits = new Uint8Array(images.length * pixels);
    images.forEach((image, i) => bits.set(image, i * pixels));
    const s = model.score({ count: images.length, bits }, { importanceSamples: samples });
    const importance = s.importanceSamples ? { importanceSamples: s.importanceSamples } : {};
    process.stdout.write(`${JSON.stringify({ images: s.images, natsPerImage: round(s.natsPerImage), bound: s.bound, ...importance, ...(skipped ? { skipped } : {}) })}\n`);
    return skipped ? 1 : 0;
  } finally {
    model.dispose();
  }
}
