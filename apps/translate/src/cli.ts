/**
 * seq2seq-translate: translate English to French with a model that ships with the app, see where
 * it attended, evaluate it, and train your own.
 *
 * Every command takes `--backend wasm|webgpu|cpu` and says on stderr which backend runs and why.
 */
import { pathToFileURL } from 'node:url';
import { UsageError } from './args';
import { EVAL_HELP, EXPORT_HELP, TRAIN_HELP, TRANSLATE_HELP } from './commands/options';
import { IMPORT_TORCH_HELP, PREPARE_TORCH_HELP } from './commands/torch-options';

export const USAGE = `usage: seq2seq-translate <command> [options]

commands:
  translate [TEXT]   translate TEXT, or stdin line by line (a Unix filter)
  eval               BLEU and exact match, greedy and beam, on a held-out split
  train              train a model on a tab-separated corpus or a generated task
  export             turn a checkpoint into a shipped model (optionally float16)
  prepare-torch      write a corpus's ids and vocabularies for the PyTorch trainer (python/)
  import-torch       turn a model trained with PyTorch into a checkpoint
  demo               translate a sample sentence and show its attention

'seq2seq-translate <command> --help' lists a command's options.

The shipped English-French model was trained on sentence pairs from Tatoeba (tatoeba.org),
licensed CC-BY 2.0 FR: credit "Tatoeba (tatoeba.org)" wherever its output is shown.`;

/** Each command's help, and its code, loaded only when it runs (so `--help` loads no TensorFlow.js). */
const COMMANDS: Record<string, { help?: string; load: () => Promise<(argv: string[]) => Promise<number>> }> = {
  translate: { help: TRANSLATE_HELP, load: async () => (await import('./commands/translate')).translate },
  eval: { help: EVAL_HELP, load: async () => (await import('./commands/eval')).evaluate },
  train: { help: TRAIN_HELP, load: async () => (await import('./commands/train')).train },
  export: { help: EXPORT_HELP, load: async () => (await import('./commands/export')).exportModel },
  demo: { load: async () => (await import('./commands/demo')).demo },
  'prepare-torch': { help: PREPARE_TORCH_HELP, load: async () => (await import('./commands/prepare-torch')).prepareTorch },
  'import-torch': { help: IMPORT_TORCH_HELP, load: async () => (await import('./commands/import-torch')).importTorch },
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
    process.stdout.write(`${entry.help ?? USAGE}\n`);
    return 0;
  }
  const run = await entry.load();
  return run(rest);
}

/** Prints an expected error (bad input, missing model) as one clear line, anything else in full. */
export async function reportError(error: unknown): Promise<number> {
  if (error instanceof UsageError) {
    process.stderr.write(`error: ${error.message}\n(see 'seq2seq-translate --help')\n`);
    return 2;
  }
  const [{ BackendConfigError, NoBackendStartedError }, { Seq2SeqError }, { DatasetError }] = await Promise.all([
    import('@seq2seq/backend'),
    import('@seq2seq/core'),
    import('@seq2seq/datasets'),
  ]);
  const expected = [Seq2SeqError, DatasetError, BackendConfigError, NoBackendStartedError];
  if (expected.some((kind) => error instanceof kind)) {
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
