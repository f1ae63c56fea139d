/**
 * seq2seq-pointer: pointer networks for convex hull, Delaunay triangulation and TSP.
 *
 * Commands: solve (JSON lines in, JSON lines out), train, eval. Every command takes
 * `--backend wasm|webgpu|cpu` and reports on stderr which backend started and why.
 */
import { pathToFileURL } from 'node:url';
import { BackendConfigError, createRuntime, formatRuntimeReport, isBackendName, type BackendName } from '@seq2seq/backend';
import { Args, UsageError } from './args';
import { EVAL_USAGE, evaluate } from './evaluate';
import { SOLVE_USAGE, solve } from './solve';
import { TRAIN_USAGE, train } from './train';

const USAGE = `usage: seq2seq-pointer <command> [options]

commands:
  solve   --task hull|delaunay|tsp [--beam N] [--samples N] [--two-opt] [--model DIR]
          reads {"points": [[x, y], ...]} lines on stdin, writes one JSON line per input
  train   --task ... --n N --out DIR [--resume]   train a model, with checkpoints
  eval    --task ... --n N [--count 1000]         the paper's table: model vs exact and heuristics

every command: --backend wasm|webgpu|cpu (default: wasm, falling back to cpu), --help`;

const COMMANDS: Record<string, { usage: string; booleans: string[]; run: (args: Args, argv: readonly string[]) => Promise<number> }> = {
  solve: { usage: SOLVE_USAGE, booleans: ['two-opt', 'help'], run: (args) => solve(args) },
  train: { usage: TRAIN_USAGE, booleans: ['resume', 'help'], run: (args, argv) => train(args, argv) },
  eval: { usage: EVAL_USAGE, booleans: ['two-opt', 'help'], run: (args) => evaluate(args) },
};

/** Starts the wished backend (falling back to the others) and reports the choice on stderr. */
export async function startBackend(wish: string | undefined): Promise<void> {
  let prefer: BackendName[] = ['wasm', 'cpu'];
  if (wish !== undefined) {
    if (!isBackendName(wish)) throw new UsageError(`--backend must be wasm, webgpu or cpu, got ${JSON.stringify(wish)}`);
    prefer = [wish, ...(['wasm', 'cpu'] as BackendName[]).filter((b) => b !== wish)];
  }
  const runtime = await createRuntime({ prefer });
  process.stderr.write(`${formatRuntimeReport(runtime)}\n`);
}

/** Runs one command; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    return command === undefined ? 1 : 0;
  }
  const spec = COMMANDS[command];
  if (!spec) {
    console.error(`unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
    return 2;
  }
  try {
    const args = new Args(rest, new Set(spec.booleans));
    if (args.flag('help') || rest.includes('-h')) {
      console.log(spec.usage);
      return 0;
    }
    await startBackend(args.string('backend'));
    return await spec.run(args, argv);
  } catch (error) {
    if (error instanceof UsageError || error instanceof BackendConfigError) {
      console.error(`${error.message}\n\n${spec.usage}`);
      return 2;
    }
    throw error;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
      process.exitCode = 1;
    },
  );
}
