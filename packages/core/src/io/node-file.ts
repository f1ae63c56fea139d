/**
 * Node file access for weight files. `node:fs` is imported dynamically, on first use, so that
 * browser bundles of this package never load it (bundlers leave the import alone, and it only
 * runs when a file path is used).
 */
import { InputError, WeightsError } from '../errors';

type FsPromises = typeof import('node:fs/promises');
type NodePath = typeof import('node:path');

let nodeModules: Promise<{ fs: FsPromises; path: NodePath }> | null = null;

/** `node:fs/promises` and `node:path`; throws an {@link InputError} outside Node. */
export async function loadNodeModules(op: string): Promise<{ fs: FsPromises; path: NodePath }> {
  const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
  if (!isNode) {
    throw new InputError(`${op}: file paths need Node.js; in a browser, pass bytes, an indexeddb:// URL or a tf.io.IOHandler`);
  }
  nodeModules ??= Promise.all([
    import(/* webpackIgnore: true */ /* @vite-ignore */ 'node:fs/promises'),
    import(/* webpackIgnore: true */ /* @vite-ignore */ 'node:path'),
  ]).then(([fs, path]) => ({ fs, path }));
  return nodeModules;
}

/**
 * A file system path from `file://...` (as tfjs-node writes them: `file://./model`,
 * `file:///abs/model`) or a plain path.
 */
export function filePath(pathOrUrl: string): string {
  if (!pathOrUrl.startsWith('file://')) return pathOrUrl;
  const rest = pathOrUrl.slice('file://'.length);
  return /^\/[A-Za-z]:[\\/]/.test(rest) ? rest.slice(1) : rest; // file:///C:/x -> C:/x
}

/**
 * Writes `data` to `path` atomically: into a temporary file in the same directory, flushed to
 * disk (fsync), then renamed over `path`, and the directory flushed so that the rename itself
 * is durable. A crash at any point leaves either the old file or the new one, never a partial
 * file; on failure the temporary file is removed. Missing parent directories are created.
 * A process killed mid-write can leave its hidden temporary file (`.NAME.PID.RANDOM.tmp`) beside
 * the target; it is never read, and safe to delete.
 */
export async function writeFileAtomic(path: string, data: Uint8Array, op = 'writeFileAtomic'): Promise<void> {
  const { fs, path: nodePath } = await loadNodeModules(op);
  const dir = nodePath.dirname(path);
  const temp = nodePath.join(dir, `.${nodePath.basename(path)}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`);
  try {
    await fs.mkdir(dir, { recursive: true });
    const handle = await fs.open(temp, 'wx', 0o644);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, path);
  } catch (error) {
    await fs.rm(temp, { force: true }).catch(() => {});
    throw new WeightsError(`${op}: could not write '${path}': ${(error as Error).message}`, { cause: error });
  }
  // Make the rename durable (POSIX). Directories cannot be opened for fsync on Windows: skip there.
  try {
    const handle = await fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // best effort
  }
}
