/**
 * seq2seq-pointer: pointer networks for convex hull, Delaunay triangulation and TSP.
 *
 * Commands: solve (JSON lines in, JSON lines out), train, eval. Every command takes
 * `--backend wasm|webgpu|cpu` and reports on stderr which backend started and why.
 */
import { pathToFileURL } from 'node:url';
import { Args, UsageError } from './args';
import { EVAL_USAGE, EXPORT_TORCH_USAGE, IMPORT_TORCH_USAGE, SOLVE_USAGE, TRAIN_USAGE } from './usage';

const USAGE = `usage: seq2seq-pointer <command> [options]

commands:
  solve   --task hull|delaunay|tsp [--beam N] [--samples N] [--two-opt] [--model DIR]
          reads {"points": [[x, y], ...]} lines on stdin, writes one JSON line per input
          (and, on a terminal or with --draw, a picture of each answer)
  train   --task ... --n N --out DIR [--resume]   train a model, with checkpoints
  eval    --task ... --n N [--count 1000]         the paper's table: model vs exact and heuristics
  import-torch --from FILE.safetensors --out DIR  a network trained with PyTorch (python/) as a checkpoint
  export-torch --model DIR --out FILE.safetensors a checkpoint as the PyTorch reference's state dict

every command: --backend wasm|webgpu|cpu (default: wasm, falling back to cpu), --help`;

/** A command: its usage and its code, loaded only when it runs (so `--help` starts no TensorFlow.js). */
interface Command {
  usage: string;
  /** Every option the command reads; any other is a usage error. */
  flags: string[];
  booleans: string[];
  load(): Promise<(args: Args, argv: readonly string[]) => Promise<number>>;
}

const COMMANDS: Record<string, Command> = {
  solve: {
    usage: SOLVE_USAGE,
    flags: ['task', 'model', 'beam', 'samples', 'two-opt', 'symmetries', 'batch', 'seed', 'draw', 'backend', 'help'],
    booleans: ['two-opt', 'draw', 'help'],
    load: async () => (await import('./solve')).solve,
  },
  train: {
    usage: TRAIN_USAGE,
    flags: ['task', 'n', 'out', 'resume', 'method', 'epochs', 'steps-per-epoch', 'batch', 'lr', 'lr-decay', 'clip-norm', 'hidden', 'embedding', 'encoder', 'layers', 'heads', 'glimpses', 'clip', 'minutes', 'seed', 'workers', 'backend', 'help'],
    booleans: ['resume', 'help'],
    load: async () => (await import('./train')).train,
  },
  eval: {
    usage: EVAL_USAGE,
    flags: ['task', 'n', 'count', 'beam', 'samples', 'symmetries', 'two-opt', 'model', 'seed', 'backend', 'help'],
    booleans: ['two-opt', 'help'],
    load: async () => (await import('./evaluate')).evaluate,
  },
  'import-torch': {
    usage: IMPORT_TORCH_USAGE,
    flags: ['from', 'out', 'config', 'task', 'n', 'float16', 'backend', 'help'],
    booleans: ['float16', 'help'],
    load: async () => (await import('./torch')).importTorch,
  },
  'export-torch': {
    usage: EXPORT_TORCH_USAGE,
    flags: ['model', 'out', 'backend', 'help'],
    booleans: ['help'],
    load: async () => (await import('./torch')).exportTorch,
  },
};

/** Starts the wished backend (falling back to the others) and reports the choice on stderr. */
export async function startBackend(wish: string | undefined): Promise<void> {
  const { createRuntime, formatRuntimeReport, isBackendName } = await import('@seq2seq/backend');
  let prefer: Array<'wasm' | 'webgpu' | 'cpu'> = ['wasm', 'cpu'];
  if (wish !== undefined) {
    if (!isBackendName(wish)) throw new UsageError(`--backend must be wasm, webgpu or cpu, got ${JSON.stringify(wish)}`);
    prefer = [wish, ...(['wasm', 'cpu'] as const).filter((b) => b !== wish)];
  }
  // A command-line tool: no tfjs console banners (PROD silences the one suggesting tfjs-node).
  (await import('@tensorflow/tfjs-core')).env().set('PROD', true);
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
  const entry = COMMANDS[command];
  if (!entry) {
    console.error(`unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
    return 2;
  }
  try {
    const args = new Args(rest, new Set(entry.booleans));
    if (args.flag('help') || rest.includes('-h')) {
      console.log(entry.usage);
      return 0;
    }
    const unknown = args.unknown(entry.flags);
    if (unknown.length) throw new UsageError(`unknown option --${unknown[0]}; known options: ${entry.flags.map((f) => `--${f}`).join(', ')}`);
    const run = await entry.load();
    await startBackend(args.string('backend'));
    return await run(args, argv);
  } catch (error) {
    const { BackendConfigError } = await import('@seq2seq/backend');
    if (error instanceof UsageError || error instanceof BackendConfigError) {
      console.error(`${error.message}\n\n${entry.usage}`);
      return 2;
    }
    throw error;
  }
}

/** Runs the command line `argv` and sets the process's exit code (what the bin calls). */
export function run(argv: string[]): Promise<void> {
  return main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
      process.exitCode = 1;
    },
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) void run(process.argv.slice(2));
