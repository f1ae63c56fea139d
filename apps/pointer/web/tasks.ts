/**
 * The three tasks as the page names them (`hull`, `delaunay`, `tsp`, as on the command line),
 * the network's and the datasets' names for them, and the page's defaults per task.
 */
import type { PointerTask } from '@seq2seq/seq2seq';

/** A task as the page's `?task=` and its task picker name it. */
export type PageTask = 'hull' | 'delaunay' | 'tsp';

/** The page's tasks in picker order. */
export const PAGE_TASKS: readonly PageTask[] = ['hull', 'delaunay', 'tsp'];

/** `hull` -> `convex-hull`; the other two are the same. */
export function pointerTaskOf(task: PageTask): PointerTask {
  return task === 'hull' ? 'convex-hull' : task;
}

/** `convex-hull` -> `hull`. */
export function pageTaskOf(task: PointerTask): PageTask {
  return task === 'convex-hull' ? 'hull' : task;
}

/** `?task=` value -> a task (`convex-hull` accepted too), or null when it names none. */
export function parsePageTask(value: string): PageTask | null {
  if (value === 'convex-hull') return 'hull';
  return (PAGE_TASKS as readonly string[]).includes(value) ? (value as PageTask) : null;
}

/** Points of a fresh random instance: 30 for the hull (most are inside), 10 for the others. */
export function defaultPointCount(task: PageTask): number {
  return task === 'hull' ? 30 : 10;
}

/** How the page titles a task. */
export const TASK_TITLES: Record<PageTask, string> = {
  hull: 'Convex hull',
  delaunay: 'Delaunay triangulation',
  tsp: 'Travelling salesman',
};
