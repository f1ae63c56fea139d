/**
 * seq2seq-parse: dependency parsing with a parser whose words point to their heads. Parse CoNLL-U
 * or plain text, train a parser on UD English EWT (or any CoNLL-U treebank), score one.
 *
 * Every command takes `--backend wasm|webgpu|cpu` and says on stderr which backend runs and why.
 */
import { pathToFileURL } from 'node:url';
import { UsageError } from './args';
import { EVAL_HELP, PARSE_HELP, TRAIN_HELP } from './options';

export const USAGE = `usage: seq2seq-parse <command> [options]

commands:
  parse   fill HEAD and DEPREL of the CoNLL-U (or, with --text, the sentences) on stdin
  eval    UAS and LAS of a model on a gold CoNLL-U file (one JSON line)
  train   train a parser on UD English EWT or a CoNLL-U treebank (resumable)

'seq2seq-parse <command> --help' lists a command's options. Models: --model ewt or ewt-seq2tree (shipped) or a
directory written by train.`;

const COMMANDS: Record<string, { help: string; load: () => Promise<(argv: string[]) => Promise<number>> }> = {
  parse: { help: PARSE_HELP, load: async () => (await import('./parse')).parse },
  eval: { help: EVAL_HELP, load: async () => (await import('./eval')).evaluate },
  train: { help: TRAIN_HELP, load: async () => (await import('./train')).train },
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
    process.stderr.write(`error: ${error.message}\n(see 'seq2seq-parse --help')\n`);
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
