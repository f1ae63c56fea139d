/**
 * The list of models a server has: one entry per folder of the models directory that holds a
 * manifest (`checkpoint.json`, or the earlier `config.json`) and a `model.safetensors`, read from disk at every
 * request, so folders that appear, vanish or are renamed while the server runs are listed as
 * they are. Served as `/models/index.json`; the page picks its model from it.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MANIFEST_FILES, pointerManifestFrom } from '../src/manifest';
import { MODEL_NAME_PATTERN, type ModelEntry, type ModelIndex } from './protocol';

/** The files of a model folder the page needs; nothing else under /models/ is served. */
export const SERVED_MODEL_FILES: readonly string[] = [...MANIFEST_FILES, 'model.safetensors'];

/** The tasks a pointer checkpoint may solve. */
const TASKS: readonly string[] = ['convex-hull', 'delaunay', 'tsp'];

/** The smallest point count a checkpoint's `n` (a number, or `[nMin, nMax]`) names. */
function smallestN(n: unknown): number {
  if (typeof n === 'number') return n;
  if (Array.isArray(n) && typeof n[0] === 'number') return n[0];
  return Number.NaN;
}

/** Reads one folder's manifest into an entry, or says why it cannot be used. */
async function readEntry(dir: string, name: string): Promise<ModelEntry | { name: string; reason: string }> {
  const file = (await Promise.all(MANIFEST_FILES.map((f) => stat(join(dir, name, f)).then(() => f, () => null)))).find((f) => f !== null);
  if (!file) return { name, reason: `no ${MANIFEST_FILES.join(' or ')}` };
  let config: Record<string, unknown>;
  try {
    config = JSON.parse(await readFile(join(dir, name, file), 'utf8')) as Record<string, unknown>;
  } catch (error) {
    return { name, reason: `${file}: ${(error as Error).message}` };
  }
  if (file === 'config.json' && config.format !== 'seq2seq-pointer/1') return { name, reason: `config.json is not format 'seq2seq-pointer/1'` };
  let manifest: ReturnType<typeof pointerManifestFrom>;
  try {
    manifest = pointerManifestFrom(config, `${name}/${file}`);
  } catch (error) {
    return { name, reason: (error as Error).message };
  }
  if (!TASKS.includes(manifest.data?.task)) return { name, reason: `${file}: unknown task ${JSON.stringify(manifest.data?.task)}` };
  const weights = await stat(join(dir, name, 'model.safetensors')).catch(() => null);
  if (!weights?.isFile()) return { name, reason: 'no model.safetensors' };
  const network = (manifest.config ?? {}) as { encoder?: string; hiddenSize?: number };
  return {
    name,
    task: manifest.data.task as ModelEntry['task'],
    n: manifest.data.n as ModelEntry['n'],
    encoder: network.encoder ?? 'lstm',
    hiddenSize: network.hiddenSize ?? 128,
    trainSeconds: typeof manifest.training?.elapsedSeconds === 'number' ? manifest.training.elapsedSeconds : null,
    weightBytes: weights.size,
  };
}

/**
 * Lists the models in `dir`, sorted by task, then smallest `n`, then name: the first entry of a
 * task is the one the page shows by default (as the command line's `defaultModelDir`).
 */
export async function listModels(dir: string): Promise<ModelIndex> {
  const folders = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const names = folders.filter((f) => f.isDirectory() && MODEL_NAME_PATTERN.test(f.name)).map((f) => f.name);
  const read = await Promise.all(names.map((name) => readEntry(dir, name)));
  const models = read.filter((r): r is ModelEntry => 'task' in r);
  models.sort((a, b) => a.task.localeCompare(b.task) || smallestN(a.n) - smallestN(b.n) || a.name.localeCompare(b.name));
  const skipped = read.filter((r): r is { name: string; reason: string } => 'reason' in r);
  return { models, skipped };
}
