/**
 * The command-line options of both apps: `--name value`, `--name=value`, boolean `--flag` and
 * positional arguments, read by Node's `util.parseArgs`, then checked against one typed spec per
 * option (numbers: finite, in range, whole where asked). Unknown options are errors that list the
 * known ones. Shared by the apps' builds; not a published library API.
 */
import { parseArgs as nodeParseArgs } from 'node:util';

/** How one option is read. */
export interface OptionSpec {
  /** `'string'` takes a value, `'number'` a finite number, `'boolean'` none. */
  type: 'string' | 'number' | 'boolean';
  /** One line for `--help`. */
  help: string;
  /** Value when absent. */
  default?: string | number | boolean;
  /** Numbers: smallest value accepted. Default: no bound. */
  min?: number;
  /** Numbers: largest value accepted. Default: no bound. */
  max?: number;
  /** Numbers: whole numbers only. Default false. */
  integer?: boolean;
  /** Strings: the values accepted. Default: any. */
  choices?: readonly string[];
}

/** Parsed arguments. */
export interface ParsedArgs {
  options: Record<string, string | number | boolean | undefined>;
  positional: string[];
}

/** A mistake in the command line: the CLI prints its message (and the usage), exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** What a numeric option accepts, in words: "an integer from 1 to 100", "a number >= 0". */
export function describeRange(spec: Pick<OptionSpec, 'min' | 'max' | 'integer'>): string {
  const kind = spec.integer ? 'an integer' : 'a number';
  if (spec.min !== undefined && spec.max !== undefined) return `${kind} from ${spec.min} to ${spec.max}`;
  if (spec.min !== undefined) return `${kind} >= ${spec.min}`;
  if (spec.max !== undefined) return `${kind} <= ${spec.max}`;
  return kind;
}

/** Reads the value of numeric option `name`, or throws a {@link UsageError} naming the range. */
export function parseNumberOption(name: string, value: string, spec: Pick<OptionSpec, 'min' | 'max' | 'integer'>): number {
  const n = Number(value);
  const ok = value.trim() !== '' && Number.isFinite(n) && (!spec.integer || Number.isInteger(n)) && (spec.min === undefined || n >= spec.min) && (spec.max === undefined || n <= spec.max);
  if (!ok) throw new UsageError(`--${name} must be ${describeRange(spec)}, got '${value}'`);
  return n;
}

/** Parses `argv` against `specs`. */
export function parseArgs(argv: readonly string[], specs: Readonly<Record<string, OptionSpec>>): ParsedArgs {
  let parsed: ReturnType<typeof nodeParseArgs>;
  try {
    parsed = nodeParseArgs({
      args: [...argv],
      options: Object.fromEntries(Object.entries(specs).map(([name, s]) => [name, { type: s.type === 'boolean' ? 'boolean' : 'string' }])),
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(explainParseError(error as Error & { code?: string }, specs));
  }
  const options: ParsedArgs['options'] = {};
  for (const [name, spec] of Object.entries(specs)) {
    const raw = parsed.values[name] as string | boolean | undefined;
    if (raw === undefined) options[name] = spec.default;
    else if (spec.type === 'number') options[name] = parseNumberOption(name, raw as string, spec);
    else if (spec.type === 'string' && spec.choices && !spec.choices.includes(raw as string)) {
      throw new UsageError(`--${name} must be one of ${spec.choices.join(', ')}, got '${String(raw)}'`);
    } else options[name] = raw;
  }
  return { options, positional: parsed.positionals };
}

function explainParseError(error: Error & { code?: string }, specs: Readonly<Record<string, OptionSpec>>): string {
  const name = /'(?:-[a-zA-Z], )?--?([^' =<]+)/.exec(error.message)?.[1];
  const spec = name === undefined ? undefined : specs[name];
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${name === undefined ? '' : `--${name}`}; known options: ${Object.keys(specs).map((n) => `--${n}`).join(', ')}`.replace('  ', ' ');
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (spec?.type === 'boolean') return `--${name} takes no value`;
      return `--${name} needs a value${spec ? ` (${spec.help})` : ''}; write --${name}=VALUE for a value that starts with '-'`;
    default:
      return error.message;
  }
}

/** The `--help` lines of a set of options. */
export function formatOptions(specs: Readonly<Record<string, OptionSpec>>): string {
  return Object.entries(specs)
    .map(([name, s]) => {
      const left = `  --${name}${s.type === 'boolean' ? '' : ` ${s.type === 'number' ? 'N' : 'VALUE'}`}`;
      const notes: string[] = [];
      if (s.type === 'number' && (s.integer || s.min !== undefined || s.max !== undefined)) notes.push(describeRange(s));
      if (s.choices) notes.push(s.choices.join(' | '));
      if (s.default !== undefined && s.default !== false) notes.push(`default ${String(s.default)}`);
      return `${left.padEnd(26)} ${s.help}${notes.length ? ` (${notes.join('; ')})` : ''}`;
    })
    .join('\n');
}
