/** Validation of tokeniser configs given by users or read from JSON. */
import { DatasetError, describeValue } from '../errors';

/** One field's check: returns an error description, or `undefined` when the value is fine. */
export type FieldCheck = (value: unknown) => string | undefined;

export const isBoolean: FieldCheck = (v) => (typeof v === 'boolean' ? undefined : 'a boolean');

export const oneOf =
  (...options: readonly string[]): FieldCheck =>
  (v) =>
    typeof v === 'string' && options.includes(v) ? undefined : `one of ${options.map((o) => JSON.stringify(o)).join(', ')}`;

/**
 * Merges `given` over `defaults`, checking every given field; unknown fields are an error (a
 * misspelt option must not be silently ignored).
 */
export function resolveConfig<C extends object>(
  given: Partial<C> | undefined,
  defaults: C,
  checks: { [K in keyof C]: FieldCheck },
  owner: string,
): C {
  const out = { ...defaults };
  for (const [key, value] of Object.entries(given ?? {})) {
    if (value === undefined) continue;
    const check = (checks as Record<string, FieldCheck>)[key];
    if (check === undefined) {
      throw new DatasetError(`${owner}: unknown option '${key}' (known: ${Object.keys(checks).join(', ')})`);
    }
    const problem = check(value);
    if (problem !== undefined) throw new DatasetError(`${owner}: option '${key}' must be ${problem}, got ${describeValue(value)}`);
    (out as Record<string, unknown>)[key] = value;
  }
  return out;
}
