import { WasmFilesNotFoundError } from '../errors';
import { isNode, nodeBuiltin } from '../platform';
import type { WasmPaths } from '../runtime';

/** The three binaries tfjs-backend-wasm 4.x ships, by the features they need. */
export const WASM_BINARIES = {
  plain: 'tfjs-backend-wasm.wasm',
  simd: 'tfjs-backend-wasm-simd.wasm',
  threadedSimd: 'tfjs-backend-wasm-threaded-simd.wasm',
} as const;

/** The binary tfjs-backend-wasm will load for these features (its own `getPathToWasmBinary`). */
export function wasmBinaryFor(simd: boolean, threads: boolean): string {
  if (simd && threads) return WASM_BINARIES.threadedSimd;
  return simd ? WASM_BINARIES.simd : WASM_BINARIES.plain;
}

/** WASM paths ready for `setWasmPaths`, and where the binary to load was found. */
export interface LocatedWasmFiles {
  /** Argument for tfjs-backend-wasm's `setWasmPaths`; undefined leaves tfjs's default. */
  paths: WasmPaths | undefined;
  /** The binary that will load, as a path or URL (for the report). */
  binary: string;
}

/**
 * Finds the WASM binary that will be loaded and checks that it exists.
 *
 * - Node, no `wasmPaths`: the `dist` folder of the installed `@tensorflow/tfjs-backend-wasm`,
 *   resolved like `require.resolve` from this package.
 * - Node with `wasmPaths`: the given folder (or file map) on disk.
 * - Browser with `wasmPaths`: a HEAD request for the binary's URL.
 * - Browser without: tfjs's default (beside the script); nothing is checked.
 *
 * @throws WasmFilesNotFoundError naming the file and where it was looked for.
 */
export async function locateWasmFiles(
  wasmPaths: WasmPaths | undefined,
  binary: string,
): Promise<LocatedWasmFiles> {
  if (wasmPaths !== undefined) checkShape(wasmPaths, binary);
  if (isNode()) return locateOnDisk(wasmPaths, binary);
  if (wasmPaths === undefined) return { paths: undefined, binary };
  const url = typeof wasmPaths === 'string' ? joinPrefix(wasmPaths, binary) : (wasmPaths[binary] as string);
  await checkUrl(url, binary, wasmPaths);
  return { paths: wasmPaths, binary: url };
}

function checkShape(wasmPaths: WasmPaths, binary: string): void {
  if (typeof wasmPaths === 'string') {
    if (wasmPaths.length === 0) {
      throw new WasmFilesNotFoundError([binary], '""', 'wasmPaths is an empty string');
    }
    return;
  }
  if (typeof wasmPaths !== 'object' || wasmPaths === null) {
    throw new WasmFilesNotFoundError([binary], String(wasmPaths), 'wasmPaths must be a string or a file map');
  }
  const names = Object.values(WASM_BINARIES);
  const missing = names.filter((name) => typeof wasmPaths[name] !== 'string');
  if (missing.length > 0) {
    throw new WasmFilesNotFoundError(names, JSON.stringify(wasmPaths), `the map has no entry for ${missing.join(', ')}`);
  }
}

/** `prefix` + `name`, with exactly one `/` between them. */
function joinPrefix(prefix: string, name: string): string {
  return prefix.endsWith('/') ? prefix + name : `${prefix}/${name}`;
}

async function locateOnDisk(wasmPaths: WasmPaths | undefined, binary: string): Promise<LocatedWasmFiles> {
  const fs = await nodeBuiltin<typeof import('node:fs')>('node:fs');
  const path = await nodeBuiltin<typeof import('node:path')>('node:path');
  const url = await nodeBuiltin<typeof import('node:url')>('node:url');
  const toPath = (p: string) => (p.startsWith('file:') ? url.fileURLToPath(p) : p);

  let dir: string;
  let file: string;
  let lookedIn: string;
  if (wasmPaths === undefined) {
    const { createRequire } = await nodeBuiltin<typeof import('node:module')>('node:module');
    const require = createRequire(import.meta.url);
    let manifest: string;
    try {
      manifest = require.resolve('@tensorflow/tfjs-backend-wasm/package.json');
    } catch (error) {
      throw new WasmFilesNotFoundError(
        [binary],
        `node_modules as seen from ${url.fileURLToPath(import.meta.url)}`,
        `@tensorflow/tfjs-backend-wasm is not installed (${(error as Error).message.split('\n')[0]})`,
      );
    }
    dir = path.join(path.dirname(manifest), 'dist');
    file = path.join(dir, binary);
    lookedIn = `${dir} (the installed @tensorflow/tfjs-backend-wasm)`;
  } else if (typeof wasmPaths === 'string') {
    dir = path.resolve(toPath(wasmPaths));
    file = path.join(dir, binary);
    lookedIn = dir;
  } else {
    file = path.resolve(toPath(wasmPaths[binary] as string));
    dir = path.dirname(file);
    lookedIn = `the wasmPaths map (${binary} -> ${file})`;
  }
  if (!fs.existsSync(file)) {
    throw new WasmFilesNotFoundError([binary], lookedIn, `${file} does not exist`);
  }
  // tfjs-backend-wasm reads the file with `fs` under Node; a folder prefix must end in a separator.
  const paths =
    wasmPaths === undefined || typeof wasmPaths === 'string'
      ? dir + path.sep
      : Object.fromEntries(Object.entries(wasmPaths).map(([k, v]) => [k, path.resolve(toPath(v))]));
  return { paths, binary: file };
}

async function checkUrl(url: string, binary: string, wasmPaths: WasmPaths): Promise<void> {
  let status: string;
  try {
    const response = await fetch(url, { method: 'HEAD' });
    if (response.ok) return;
    status = `HTTP ${response.status} for ${url}`;
  } catch (error) {
    status = `fetching ${url} failed: ${(error as Error).message}`;
  }
  const lookedIn = typeof wasmPaths === 'string' ? wasmPaths : JSON.stringify(wasmPaths);
  throw new WasmFilesNotFoundError([binary], lookedIn, status);
}
