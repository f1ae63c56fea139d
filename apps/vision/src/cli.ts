/**
 * seq2seq-vision: read digit strings in images, or caption scenes, with an image-to-sequence
 * model (Show, Attend and Tell: a convolutional encoder, attention over its feature grid, an LSTM
 * decoder). Train one, evaluate it on fresh test-pool images, and read PNG images.
 *
 * Every command takes `--backend wasm|webgpu|cpu` and says on stderr which backend runs and why.
 */
import { pathToFileURL } from 'node:url';
import { UsageError } from './args';
import { CAPTION_HELP, EVAL_HELP, READ_HELP, TRAIN_HELP } from './options';

export const USAGE = `usage: seq2seq-vision <command> [options]

commands:
  train      train a model to read digit strings (resumable)
  eval       sequence accuracy, character error rate and accuracy by length on fresh test strings
  read       read PNG images given as JSON lines on stdin (one JSON line out per line in)
  caption    caption scene PNGs the same way, with a model trained with --task scenes

'seq2seq-vision <command> --help' lists a command's options. Models: --model digits | scenes
(shipped) or a directory written by train.`;

/** Each command's help, and its code, loaded only when it runs (so `--help` loads no TensorFlow.js). */
const COMMANDS: Record<string, { help: string; load: () => Promise<(argv: string[]) => Promise<number>> }> = {
  train: { help: TRAIN_HELP, load: async () => (await import('./train')).train },
  eval: { help: EVAL_HELP, load: async () => (await import('./evaluate')).evaluate },
  read: { help: READ_HELP, load: async () => (await import('./read')).read },
  caption: { help: CAPTION_HELP, load: async () => (await import('./read')).caption },
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
    process.stderr.write(`error: ${error.message}\n(see 'seq2seq-vision --help')\n`);
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
