/**
 * The page's query parameters, read once at start and written back as the instance changes, so
 * the address bar always reproduces what is on the board:
 *
 *   task     hull | delaunay | tsp              default: the task of `model`, else tsp
 *   model    a folder under models/             default: the task's model with the smallest n
 *   backend  wasm | webgpu | cpu                default: wasm
 *   n        points of a random instance        default: 30 for hull, 10 for the others
 *   seed     seed of the random instance        default: 1
 *   points   the instance itself, JSON          e.g. [[0.1,0.1],[0.9,0.1],[0.5,0.8]]
 *
 * A malformed `?points=` gives an empty instance (never a random one), and a `?backend=` that names
 * no backend stops the page with an error, so what the address asked for is never silently replaced.
 */
import type { BackendName } from '@seq2seq/backend';
import type { Point } from '@seq2seq/datasets';
import { MAX_POINTS, parsePoints } from './instance';
import { MODEL_NAME_PATTERN } from './protocol';
import { parsePageTask, type PageTask } from './tasks';

/** Backends to try for each `?backend=` value. WASM first by default (see README). */
export const BACKEND_PREFERENCES: Record<string, BackendName[]> = {
  wasm: ['wasm', 'cpu'],
  webgpu: ['webgpu', 'wasm', 'cpu'],
  cpu: ['cpu'],
};

/** The seed of the first random instance when the URL names none. */
export const DEFAULT_SEED = 1;

/** What the query asked for; `problems` says what was ignored and why. */
export interface PageParams {
  /** null: not given (the model's task, else tsp). */
  task: PageTask | null;
  model: string | null;
  backend: string;
  /** null: the task's default. */
  n: number | null;
  seed: number;
  /** null: a random instance from `n` and `seed`; empty when `?points=` was malformed (never a random instance then). */
  points: Point[] | null;
  /** `?backend=` when it names no backend: the page says so and starts nothing. */
  badBackend: string | null;
  problems: string[];
}

/** Reads `search` (`location.search`). Bad values are reported and replaced by defaults. */
export function readParams(search: string): PageParams {
  const q = new URLSearchParams(search);
  const problems: string[] = [];
  const out: PageParams = { task: null, model: null, backend: 'wasm', n: null, seed: DEFAULT_SEED, points: null, badBackend: null, problems };
  const task = q.get('task');
  if (task !== null) {
    out.task = parsePageTask(task);
    if (!out.task) problems.push(`?task=${task} is not a task: use hull, delaunay or tsp.`);
  }
  const model = q.get('model');
  if (model !== null) {
    if (MODEL_NAME_PATTERN.test(model)) out.model = model;
    else problems.push(`?model=${model} is not a model name: use letters, digits, '.', '-' and '_' (a folder under models/).`);
  }
  const backend = q.get('backend');
  if (backend !== null) {
    if (Object.hasOwn(BACKEND_PREFERENCES, backend)) out.backend = backend;
    else out.badBackend = backend;
  }
  const n = q.get('n');
  if (n !== null) {
    const value = Number(n);
    if (Number.isInteger(value) && value >= 3 && value <= MAX_POINTS) out.n = value;
    else problems.push(`?n=${n} must be a whole number of points from 3 to ${MAX_POINTS}.`);
  }
  const seed = q.get('seed');
  if (seed !== null) {
    const value = Number(seed);
    if (Number.isInteger(value) && value >= 0 && value < 2 ** 32) out.seed = value;
    else problems.push(`?seed=${seed} must be a whole number from 0 to 2^32 - 1.`);
  }
  const points = q.get('points');
  if (points !== null) {
    const parsed = parsePoints(points);
    if ('points' in parsed) out.points = parsed.points;
    else {
      // The instance the address names cannot be read: show none, and say why (a random one would look like an answer to it).
      out.points = [];
      problems.push(`${parsed.problem}. No instance is shown: fix the address, click points into the square, or pick an example.`);
    }
  }
  return out;
}

/** What {@link writeParams} records. */
export interface PageAddress {
  task: PageTask;
  /** Only when the user asked for a model other than the task's default. */
  model: string | null;
  backend: string;
  instance: { points: readonly Point[] } | { n: number; seed: number; defaultN: boolean };
}

/** Replaces the query of the current history entry (no reload) with `address`. */
export function writeParams(address: PageAddress): void {
  const url = new URL(location.href);
  const q = new URLSearchParams();
  q.set('task', address.task);
  if (address.model) q.set('model', address.model);
  if (address.backend !== 'wasm') q.set('backend', address.backend);
  if ('points' in address.instance) {
    q.set('points', JSON.stringify(address.instance.points));
  } else {
    if (!address.instance.defaultN) q.set('n', String(address.instance.n));
    q.set('seed', String(address.instance.seed));
  }
  url.search = q.toString().replace(/%2C/g, ',').replace(/%5B/g, '[').replace(/%5D/g, ']');
  history.replaceState(null, '', url.href);
}
