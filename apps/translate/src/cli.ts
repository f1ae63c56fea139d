/**
 * seq2seq-translate: translate English to French with a model that ships with the app, see where
 * it attended, evaluate it, and train your own.
 *
 * Every command takes `--backend wasm|webgpu|cpu` and says on stderr which backend runs and why.
 */
import { pathToFileURL } from 'node:url';
import { BackendConfigError, NoBackendStartedError } from '@seq2seq/backend';
import { Seq2SeqError } from '@seq2seq/core';
import { DatasetError } from '@seq2seq/datasets';
import { UsageError } from './args';
import { demo } from './commands/demo';
import { EVAL_HELP, evaluate } from './commands/eval';
import { EXPORT_HELP, exportModel } from './commands/export';
import { TRAIN_HELP, train } from './commands/train';
import { TRANSLATE_HELP, translate } from './commands/translate';

export const USAGE = `usage: seq2seq-translate <command> [options]

commands:
  translate [TEXT]   translate TEXT, or stdin line by line (a Unix filter)
  eval               BLEU and exact match, greedy and beam, on a held-out split
  train              train a model on a tab-separated corpus or a generated task
  export             turn a checkpoint into a shipped model (optionally float16)
  demo               translate a sample sentence and show its attention

'seq2seq-translate <command> --help' lists a command's options.

The shipped English-French model was trained on sentence pairs from Tatoeba (tatoeba.org),
licensed CC-BY 2.0 FR: credit "Tatoeba (tatoeba.org)" wherever its output is shown.`;

const HELP: Record<string, string> = { train: TRAIN_HELP, translate: TRANSLATE_HELP, eval: EVAL_HELP, export: EXPORT_HELP };

/** Runs one command; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? 1 : 0;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${HELP[command] ?? USAGE}\n`);
    return 0;
  }
  switch (command) {
    case 'translate':
      return translate(rest);
    case 'eval':
      return evaluate(rest);
    case 'train':
      return train(rest);
    case 'export':
      return exportModel(rest);
    case 'demo':
      return demo(rest);
    default:
      process.stderr.write(`unknown command '${command}'\n\n${USAGE}\n`);
      return 2;
  }
}

/** Prints an expected error (bad input, missing model) as one clear line, anything else in full. */
export function reportError(error: unknown): number {
  if (error instanceof UsageError) {
    process.stderr.write(`error: ${error.message}\n(see 'seq2seq-translate --help')\n`);
    return 2;
  }
  const expected = [Seq2SeqError, DatasetError, BackendConfigError, NoBackendStartedError];
  if (expected.some((kind) => error instanceof kind)) {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    return 1;
  }
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.exitCode = reportError(error);
    },
  );
}
