/** `seq2seq-chars score`: nats and bits per character of the text on stdin, as one JSON line. */
import { parseArgs, UsageError } from './args';
import { loadModel } from './models';
import { SCORE_OPTIONS } from './options';
import { startRuntime } from './runtime';
import { readStdin } from './stdin';

export async function score(argv: string[]): Promise<number> {
  const { options: o } = parseArgs(argv, SCORE_OPTIONS);
  const text = await readStdin();
  if ([...text].length < 2) throw new UsageError('score reads a text of at least 2 characters on stdin');
  await startRuntime(o.backend as string | undefined);
  const { model } = await loadModel(o.model as string);
  try {
    const s = model.score(text);
    process.stdout.write(`${JSON.stringify({ chars: s.chars, natsPerChar: round(s.natsPerChar), bitsPerChar: round(s.bitsPerChar), unknownChars: s.unknownChars })}\n`);
  } finally {
    model.dispose();
  }
  return 0;
}

const round = (x: number): number => Math.round(x * 1e4) / 1e4;
