/**
 * Where the code runs, and access to Node built-ins that keeps browser bundlers away from them.
 */

/** True under Node.js (also inside vitest workers), false in browsers and web workers. */
export function isNode(): boolean {
  const proc = (globalThis as { process?: { versions?: { node?: unknown } } }).process;
  return typeof proc?.versions?.node === 'string';
}

/**
 * Loads a Node built-in (`'node:fs'`, ...). Uses `process.getBuiltinModule` where Node has it
 * (20.16+), else a dynamic import whose specifier bundlers cannot see, so that a browser bundle
 * of this package never tries to include Node modules.
 */
export async function nodeBuiltin<T>(name: `node:${string}`): Promise<T> {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  if (typeof proc?.getBuiltinModule === 'function') return proc.getBuiltinModule(name) as T;
  return (await import(/* @vite-ignore */ /* webpackIgnore: true */ name)) as T;
}

/**
 * Imports a Node-only package by a specifier bundlers cannot see (see {@link nodeBuiltin}).
 * Resolves from this package's location, like a static import would.
 */
export async function importNodeOnly<T>(specifier: string): Promise<T> {
  return (await import(/* @vite-ignore */ /* webpackIgnore: true */ specifier)) as T;
}

/** The message of anything thrown, for a one-line reason. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] ?? error.name;
  if (typeof error === 'object' && error !== null && 'message' in error) {
    return String((error as { message: unknown }).message).split('\n')[0] ?? '';
  }
  return String(error);
}
