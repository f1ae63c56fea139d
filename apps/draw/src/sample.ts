/** `seq2seq-draw sample`: a PNG sheet of samples from a model, and one JSON line. */
import { writeFileSync } from 'node:fs';
import { Rng } from '@seq2seq/core';
import { encodePng } from '@seq2seq/datasets/images';
import { parseArgs, UsageError } from './args';
import { loadModel } from './load';
import { SAMPLE_OPTIONS } from './options';
import { startRuntime } from './runtime';
import { sheetImage } from './sheet';

export async function sample(argv: string[]): Promise<number> {
  const { options, positional } = parseArgs(argv, SAMPLE_OPTIONS);
  if (positional.length) throw new UsageError(`sample takes no positional arguments, got '${positional[0]}'`);
  const out = options.out as string;
  if (!out.toLowerCase().endsWith('.png')) throw new UsageError(`--out: expected a file name ending in .png, got '${out}'`);
  await startRuntime(options.backend as string | undefined);
  const { model } = await loadModel(options.model as string);
  try {
    if (!model.sample) throw new UsageError(`--model ${options.model as string} is a '${model.kind}' model, which paints given images rather than sampling: use 'seq2seq-draw paint'`);
    const n = options.n as number;
    const started = performance.now();
    const canvases = model.sample(n, new Rng(options.seed as number));
    const columns = Math.ceil(Math.sqrt(n));
    writeFileSync(out, encodePng(sheetImage(canvases, n, model.width, model.height, options.scale as number, columns)));
    process.stdout.write(`${JSON.stringify({ out, images: n, columns, seconds: Math.round((performance.now() - started) / 10) / 100 })}\n`);
    return 0;
  } finally {
    model.dispose();
  }
}
