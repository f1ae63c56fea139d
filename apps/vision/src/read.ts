/**
 * `seq2seq-vision read` and `caption`: JSON lines in (`{"png": base64}` or `{"path": file}`), one JSON line out
 * per line (`{"text": "40712"}`, with `--attention` the weights per output token over the grid),
 * `{"error": ...}` for a line that cannot be read. Never stops on a bad line.
 */
import { imageBatch } from '@seq2seq/datasets/images';
import { readImages, shiftGrid } from '@seq2seq/seq2seq';
import { parseArgs, UsageError, type OptionSpec } from './args';
import { fitImage, imageOfLine, InputLineError } from './image-input';
import { loadModels, taskOf } from './models';
import { CAPTION_OPTIONS, READ_OPTIONS } from './options';
import { startRuntime } from './runtime';
import { stdinLines } from './stdin';

const round = (x: number) => Math.round(x * 1e4) / 1e4;

/** `read`: digit strings by default. */
export const read = (argv: string[]): Promise<number> => readLines(argv, 'read', READ_OPTIONS);

/** `caption`: scenes by default. */
export const caption = (argv: string[]): Promise<number> => readLines(argv, 'caption', CAPTION_OPTIONS);

async function readLines(argv: string[], command: string, specs: Record<string, OptionSpec>): Promise<number> {
  const { options, positional } = parseArgs(argv, specs);
  if (positional.length) throw new UsageError(`${command} takes no positional arguments, got '${positional[0]}'`);
  await startRuntime(options.backend as string | undefined);
  const loaded = await loadModels(options.model as string);
  const { models, vocabulary, width, height } = loaded;
  const { maxLength, readShift } = taskOf(vocabulary);
  const shifts = shiftGrid((options.shift as number | undefined) ?? readShift);
  try {
    for await (const line of stdinLines()) {
      if (line.trim() === '') continue;
      let out: Record<string, unknown>;
      try {
        const original = await imageOfLine(line);
        const fitted = fitImage(original, width, height);
        const [r] = readImages(models, vocabulary, imageBatch([fitted.image]), { beamWidth: options.beam as number, maxLength, shifts });
        out = { text: r!.text };
        if (original.width !== width || original.height !== height) out.resizedFrom = `${original.width}x${original.height}`;
        if (fitted.inverted) out.inverted = true;
        if (options.attention) Object.assign(out, { attention: r!.attention.map((row) => row.map(round)), grid: r!.grid });
      } catch (e) {
        // A bad line never stops reading: its error is its answer.
        out = { error: e instanceof InputLineError ? e.message : `could not read this image: ${(e as Error).message}` };
      }
      process.stdout.write(`${JSON.stringify(out)}\n`);
    }
    return 0;
  } finally {
    loaded.dispose();
  }
}
