/**
 * seq2seq-draw: recurrent networks that draw binarised MNIST digits. Score images (nats per
 * image, exact or a bound), sample sheets of digits, train a model, and write the images of a pool.
 *
 * Every command that computes takes `--backend wasm|webgpu|cpu` and says on stderr which backend
 * runs and why.
 */
import { pathToFileURL } from 'node:url';
import { UsageError } from './args';
import { IMAGES_HELP, PAINT_HELP, SAMPLE_HELP, SCORE_HELP, TRAIN_HELP } from './options';

export const USAGE = `usage: seq2seq-draw <command> [options]

commands:
  score      nats per image of binarised images given as JSON lines on stdin
  sample     a PNG sheet of samples from a model
  train      train a density model of binarised MNIST (resumable)
  images     write binarised MNIST images as the JSON lines score reads
  paint      the painter reproduces an image stroke by stroke (a PNG strip and the strokes)

'seq2seq-draw <command> --help' lists a command's options. Models: --model fvsbn, draw,
spatial-lstm, painter (shipped ones) or a directory written by train.`;

/** Each command's help, and its code, loaded only when it runs (so `--help` loads no TensorFlow.js). */
const COMMANDS: Record<string, { help: string; load: () => Promise<(argv: string[]) => Promise<number>> }> = {
  score: { help: SCORE_HELP, load: async () => (await import('./score')).score },
  sample: { help: SAMPLE_HELP, load: async () => (await import('./sample')).sample },
  train: { help: TRAIN_HELP, load: async () => (await import('./train')).train },
  images: { help: IMAGES_HELP, load: async () => (await import('./images')).images },
  paint: { help: PAINT_HELP, load: async () => (await import('./paint')).paint },
};

/** Runs one command; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? 1 : 0;
  }
  const entry = COMMANDS[command];
  if (!entry) {
    process.stderr.write(`unknown command '${command}'\n\n${USAGE}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${entry.help}\n`);
    return 0;
  }
  const run = await entry.load();
  return run(rest);
}

/** Prints an expected error (bad input, missing model) as one clear line, anything else in full. */
export async function reportError(error: unknown): Promise<number> {
  if (error instanceof UsageError) {
    process.stderr.write(`error: ${error.message}\n(see 'seq2seq-draw --help')\n`);
    return 2;
  }
  const [{ BackendConfigError, NoBackendStartedError }, { Seq2SeqError }, { DatasetError }] = await Promise.all([
    import('@seq2seq/backend'),
    import('@seq2seq/core'),
    import('@seq2seq/datasets'),
  ]);
  if ([Seq2SeqError, DatasetError, BackendConfigError, NoBackendStartedError].some((kind) => error instanceof kind)) {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    return 1;
  }
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 1;
}

/** Runs the command line `argv` and sets the process's exit code (what the bin calls). */
export async function run(argv: string[]): Promise<void> {
  process.exitCode = await main(argv).catch(reportError);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) void run(process.argv.slice(2));
