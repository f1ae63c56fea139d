/** `seq2seq-chars sample`: text drawn from a model, streamed to stdout character by character. */
import { sampleChars } from '@seq2seq/seq2seq';
import { parseArgs } from './args';
import { loadModel } from './models';
import { SAMPLE_OPTIONS } from './options';
import { startRuntime } from './runtime';

export async function sample(argv: string[]): Promise<number> {
  const { options: o } = parseArgs(argv, SAMPLE_OPTIONS);
  await startRuntime(o.backend as string | undefined);
  const { model } = await loadModel(o.model as string);
  try {
    let pending = '';
    sampleChars(model, {
      prime: o.prime as string,
      length: o.length as number,
      temperature: o.temperature as number,
      topK: o['top-k'] as number,
      seed: o.seed as number,
      onChar: (c) => {
        pending += c;
        if (c === '\n' || pending.length >= 16) {
          process.stdout.write(pending);
          pending = '';
        }
      },
    });
    process.stdout.write(`${pending}\n`);
  } finally {
    model.dispose();
  }
  return 0;
}
