/**
 * A small, strict command-line parser: `--name value`, `--name=value`, boolean `--flag`, and
 * positional arguments. Unknown options are errors that list the known ones.
 */

/** How one option is read. */
export interface OptionSpec {
  /** `'string'` takes a value, `'number'` a finite number, `'boolean'` none. */
  type: 'string' | 'number' | 'boolean';
  /** One line for `--help`. */
  help: string;
  /** Value when absent. */
  default?: string | number | boolean;
}

/** Parsed arguments. */
export interface ParsedArgs {
  options: Record<string, string | number | boolean | undefined>;
  positional: string[];
}

/** An error in the command line; the CLI prints its message and the usage, without a stack. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Parses `argv` against `specs`. */
export function parseArgs(argv: readonly string[], specs: Readonly<Record<string, OptionSpec>>): ParsedArgs {
  const options: ParsedArgs['options'] = {};
  for (const [name, spec] of Object.entries(specs)) options[name] = spec.default;
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const spec = specs[name];
    if (!spec) throw new UsageError(`unknown option --${name}; known options: ${Object.keys(specs).map((n) => `--${n}`).join(', ')}`);
    if (spec.type === 'boolean') {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      options[name] = true;
      continue;
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new UsageError(`--${name} needs a value (${spec.help})`);
    if (spec.type === 'number') {
      const n = Number(value);
      if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${name} must be a number, got '${value}'`);
      options[name] = n;
    } else {
      options[name] = value;
    }
  }
  return { options, positional };
}

/** The `--help` lines of a set of options. */
export function formatOptions(specs: Readonly<Record<string, OptionSpec>>): string {
  return Object.entries(specs)
    .map(([name, s]) => {
      const left = `  --${name}${s.type === 'boolean' ? '' : ` ${s.type === 'number' ? 'N' : 'VALUE'}`}`;
      const def = s.default === undefined || s.default === false ? '' : ` (default ${String(s.default)})`;
      return `${left.padEnd(26)} ${s.help}${def}`;
    })
    .join('\n');
}
