/** Point sets to {@link PointerInputs}, and supervised batches of the geometry tasks. */
import { InputError } from '@seq2seq/core';
import { generateGeometryExamples, type GeometryExample, type Point, type TspLabeller } from '@seq2seq/datasets';
import type { PointerTask } from './config';
import type { PointerInputs } from './network';

/** Pads point sets into one batch `[batch, maxN, 2]`. */
export function pointerInputs(sets: readonly (readonly Point[])[]): PointerInputs {
  if (sets.length === 0) throw new InputError('pointerInputs: expected at least one point set');
  const maxN = Math.max(...sets.map((s) => s.length));
  const points = new Float32Array(sets.length * maxN * 2);
  sets.forEach((set, b) =>
    set.forEach(([x, y], i) => {
      points[(b * maxN + i) * 2] = x;
      points[(b * maxN + i) * 2 + 1] = y;
    }),
  );
  return { points, lengths: Int32Array.from(sets, (s) => s.length), maxN };
}

/** Options of {@link geometryBatches}. */
export interface GeometryBatchOptions {
  task: PointerTask;
  /** Points per set: a number, or `[nMin, nMax]` for mixed sizes in one batch. */
  n: number | readonly [number, number];
  batchSize: number;
  /** Batches to yield. */
  batches: number;
  /** Seed of the point sets. */
  seed: number;
  /** TSP labels. Default `'exact'`. */
  tspLabeller?: TspLabeller;
}

/** Fresh labelled examples, batch by batch (labels computed exactly by the datasets package). */
export function* geometryBatches(options: GeometryBatchOptions): Generator<GeometryExample[]> {
  const size = typeof options.n === 'number' ? { n: options.n } : { nMin: options.n[0], nMax: options.n[1] };
  for (let i = 0; i < options.batches; i++) {
    yield generateGeometryExamples({
      task: options.task,
      count: options.batchSize,
      size,
      random: options.seed * 1_000_003 + i,
      tspLabeller: options.tspLabeller,
    });
  }
}
