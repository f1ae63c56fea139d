/** Task names of the command line and the shipped models. */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PointerTask } from '@seq2seq/seq2seq';
import { UsageError } from './args';

/** `hull | delaunay | tsp` on the command line. */
export type CliTask = 'hull' | 'delaunay' | 'tsp';

/** The datasets' and the network's name of a command-line task. */
export function pointerTask(task: string | undefined): PointerTask {
  switch (task) {
    case 'hull':
    case 'convex-hull':
      return 'convex-hull';
    case 'delaunay':
      return 'delaunay';
    case 'tsp':
      return 'tsp';
    default:
      throw new UsageError(`--task must be hull, delaunay or tsp, got ${JSON.stringify(task ?? '')}`);
  }
}

/** Folder of the shipped models. */
export const MODELS_DIR = fileURLToPath(new URL('../models/', import.meta.url));

/** The shipped model of a task (its smallest n when several are shipped), or undefined. */
export function defaultModelDir(task: PointerTask): string | undefined {
  let names: string[] = [];
  try {
    names = readdirSync(MODELS_DIR).filter((d) => d.startsWith(`${task}-n`));
  } catch {
    return undefined;
  }
  names.sort((a, b) => Number(a.slice(task.length + 2)) - Number(b.slice(task.length + 2)));
  return names[0] === undefined ? undefined : `${MODELS_DIR}${names[0]}`;
}
