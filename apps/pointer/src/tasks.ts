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

/** A shipped model folder and the instance size it was trained on (from its name, `tsp-n20`). */
export interface ShippedModel {
  dir: string;
  trainedN: number;
}

/** The shipped models of a task, smallest training size first. */
export function shippedModels(task: PointerTask): ShippedModel[] {
  let names: string[] = [];
  try {
    names = readdirSync(MODELS_DIR).filter((d) => new RegExp(`^${task}-n\\d+$`).test(d));
  } catch {
    return [];
  }
  return names.map((name) => ({ dir: `${MODELS_DIR}${name}`, trainedN: Number(name.slice(task.length + 2)) })).sort((a, b) => a.trainedN - b.trainedN);
}

/**
 * The shipped model trained nearest `n` points (the smaller on a tie), or undefined when none is
 * shipped: each model answers best at the size it was trained on (TSP at n=20 by the n=10 model:
 * tours 12% longer).
 */
export function nearestShippedModel(task: PointerTask, n: number): ShippedModel | undefined {
  let best: ShippedModel | undefined;
  for (const m of shippedModels(task)) if (best === undefined || Math.abs(m.trainedN - n) < Math.abs(best.trainedN - n)) best = m;
  return best;
}
