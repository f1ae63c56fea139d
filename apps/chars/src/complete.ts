/** `seq2seq-chars complete PREFIX`: the most probable continuations, one JSON line each. */
import { parseArgs, UsageError } from './args';
import { loadModel } from './models';
import { COMPLETE_OPTIONS } from './options';
import { startRuntime } from './runtime';

export async function complete(argv: string[]): Promise<number> {
  const { options: o, positional } = parseArgs(argv, COMPLETE_OPTIONS);
  if (positional.length !== 1 || positional[0] === '') throw new UsageError(`complete takes one non-empty PREFIX argument, got ${positional.length}`);
  await startRuntime(o.backend as string | undefined);
  const { model } = await loadModel(o.model as string);
  try {
    for (const c of model.complete(positional[0]!, { k: o.k as number, maxLength: o['max-length'] as number })) {
      process.stdout.write(`${JSON.stringify({ text: c.text, probability: Math.round(c.probability * 1e6) / 1e6 })}\n`);
    }
  } finally {
    model.dispose();
  }
  return 0;
}
