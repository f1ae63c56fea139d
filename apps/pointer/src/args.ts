/** A small flag parser: `--name value`, `--name=value` and boolean `--flag`. */

/** Parsed flags of one command. */
export class Args {
  readonly #values = new Map<string, string | true>();
  readonly positional: string[] = [];

  constructor(argv: readonly string[], readonly booleans: ReadonlySet<string>) {
    for (let i = 0; i < argv.length; i++) {
      const arg = argv[i]!;
      if (!arg.startsWith('--')) {
        this.positional.push(arg);
        continue;
      }
      const eq = arg.indexOf('=');
      const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      if (eq >= 0) this.#values.set(name, arg.slice(eq + 1));
      else if (booleans.has(name)) this.#values.set(name, true);
      else {
        const value = argv[i + 1];
        if (value === undefined) throw new UsageError(`--${name} needs a value`);
        this.#values.set(name, value);
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

  int(name: string, fallback: number, min = 1): number {
    const v = this.string(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer >= ${min}, got ${JSON.stringify(v)}`);
    return n;
  }

  number(name: string, fallback: number): number {
    const v = this.string(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isFinite(n)) throw new UsageError(`--${name} must be a number, got ${JSON.stringify(v)}`);
    return n;
  }

  /** Every flag given that is not in `known`. */
  unknown(known: readonly string[]): string[] {
    return [...this.#values.keys()].filter((k) => !known.includes(k));
  }
}

/** A mistake in the command line: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
