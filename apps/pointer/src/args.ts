/**
 * The flags of one `seq2seq-pointer` command, read by Node's `util.parseArgs` (`--name value`,
 * `--name=value`, boolean `--flag`); numbers are checked where they are read, with the shared
 * range messages ("--beam must be an integer >= 1, got '0'").
 */
import { parseArgs } from 'node:util';
import { UsageError, parseNumberOption } from '../../../scripts/cli/options';

export { UsageError };

/** Parsed flags of one command. */
export class Args {
  readonly #values = new Map<string, string | true>();
  readonly positional: string[] = [];

  constructor(argv: readonly string[], readonly booleans: ReadonlySet<string>) {
    const { tokens } = parseArgs({
      args: [...argv],
      options: Object.fromEntries([...booleans].map((name) => [name, { type: 'boolean' as const }])),
      strict: false,
      allowPositionals: true,
      tokens: true,
    });
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (token.kind === 'positional') this.positional.push(token.value);
      if (token.kind !== 'option') continue;
      if (token.value !== undefined) this.#values.set(token.name, token.value);
      else if (booleans.has(token.name)) this.#values.set(token.name, true);
      else {
        // Not strict, so `--name value` arrives as an option then a positional: join them.
        const next = tokens[i + 1];
        if (next?.kind !== 'positional') throw new UsageError(`--${token.name} needs a value (write --${token.name}=VALUE for one that starts with '-')`);
        this.#values.set(token.name, next.value);
        i++;
      }
    }
  }

  has(name: string): boolean {
    return this.#values.has(name);
  }

  flag(name: string): boolean {
    const v = this.#values.get(name);
    return v === true || v === 'true' || v === '1';
  }

  string(name: string): string | undefined;
  string(name: string, fallback: string): string;
  string(name: string, fallback?: string): string | undefined {
    const v = this.#values.get(name);
    return v === undefined || v === true ? fallback : v;
  }

  /** A whole number from `min` to `max`, or `fallback` when the flag is absent. */
  int(name: string, fallback: number, min = 1, max?: number): number {
    const v = this.string(name);
    return v === undefined ? fallback : parseNumberOption(name, v, { integer: true, min, max });
  }

  /** A finite number from `min` to `max` (unbounded by default), or `fallback` when absent. */
  number(name: string, fallback: number, min?: number, max?: number): number {
    const v = this.string(name);
    return v === undefined ? fallback : parseNumberOption(name, v, { min, max });
  }

  /** Every flag given that is not in `known`. */
  unknown(known: readonly string[]): string[] {
    return [...this.#values.keys()].filter((k) => !known.includes(k));
  }
}
