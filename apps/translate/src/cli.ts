/**
 * seq2seq-translate: the translation app's command line.
 *
 * Commands:
 *   demo [--prefer wasm,cpu]   start TensorFlow.js on the best backend here and report it
 *
 * In Node the default preference is WASM then CPU (WebGPU in Node needs a Vulkan driver and is
 * opt-in: `--prefer webgpu,wasm,cpu`); `SEQ2SEQ_BACKEND=cpu` forces one backend.
 */
import { pathToFileURL } from 'node:url';
import { BackendConfigError, createRuntime, formatRuntimeReport, isBackendName, type BackendName } from '@seq2seq/backend';

/** Backends the CLI tries in Node unless told otherwise. */
const DEFAULT_PREFERENCE: BackendName[] = ['wasm', 'cpu'];

const USAGE = `usage: seq2seq-translate <command>

commands:
  demo [--prefer wasm,cpu]   start TensorFlow.js on the best backend here and report it`;

/** Parses `--prefer a,b` (or `--prefer=a,b`). */
function parsePrefer(args: string[]): BackendName[] {
  const at = args.findIndex((arg) => arg === '--prefer' || arg.startsWith('--prefer='));
  if (at < 0) return DEFAULT_PREFERENCE;
  const arg = args[at] as string;
  const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[at + 1];
  const names = (value ?? '').split(',').filter(Boolean);
  const bad = names.find((name) => !isBackendName(name));
  if (names.length === 0 || bad !== undefined) {
    throw new BackendConfigError(
      `--prefer: expected a comma-separated list of webgpu, wasm, cpu; got ${JSON.stringify(value ?? '')}`,
    );
  }
  return names as BackendName[];
}

/** Runs one command; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'demo': {
      const runtime = await createRuntime({ prefer: parsePrefer(rest) });
      console.log(formatRuntimeReport(runtime));
      return 0;
    }
    case undefined:
    case '--help':
    case '-h':
      console.log(USAGE);
      return command === undefined ? 1 : 0;
    default:
      console.error(`unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
      return 1;
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
