/**
 * Benchmark of data-parallel training (`@seq2seq/seq2seq/parallel`): training-step throughput
 * with 1 worker (in-process `Trainer.trainStep`, exactly what `parallelTask` returns for 1) and
 * with N worker threads on the built-in replicas, in one process, on the CPU backend.
 *
 * Prints one JSON line per case and worker count:
 *   {"case":"translate-train","workers":2,"examplesPerSec":x,"speedup":y,"examplesPerCpuSec":z,"rssMiB":m}
 * `speedup` is against 1 worker in the same run. `examplesPerCpuSec` divides by the CPU time of
 * the whole process (every thread): on a shared machine, where wall-clock speedup says little,
 * it shows what parallelism costs in extra work (equal figures: no overhead). `rssMiB` is the
 * process's resident memory after the timed steps (each worker holds a replica, its own tfjs
 * engine and backend): the difference between worker counts is the memory per replica. Worker counts
 * default to 1, 2 and 4 (4 on a 2-core machine is oversubscribed: it measures the overhead of
 * more replicas than cores, not scaling).
 *
 * A case is one object in CASES: its model, loss, global batches, replica and split.
 *
 *   pnpm bench                                        # every case
 *   pnpm bench -- --workers 1,2 --steps 6 --case pointer-train
 */
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { type Module, Rng } from '@seq2seq/core';
import { collate, convexHull, samplePointSets, type EncodedPair } from '@seq2seq/datasets';
import { PointerNetwork, Seq2Seq, Trainer, pointerInputs, pointerPreset, type PointerNetworkConfig, type Seq2SeqConfig, type TokenBatch } from '../src/index';
import {
  parallelTask,
  pointerReplica,
  seq2seqReplica,
  splitPointerBatch,
  splitTokenBatch,
  type GradientSlice,
  type PointerBatch,
  type ReplicaSpec,
} from '../src/training/parallel/index';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    workers: { type: 'string', default: '1,2,4' },
    steps: { type: 'string', default: '4' },
    case: { type: 'string' },
  },
});
const cores = availableParallelism();
const WORKER_COUNTS = values.workers.split(',').map(Number);
const STEPS = Number(values.steps);
const BACKEND = 'cpu';

/** One benchmark case: a model, its loss, the global batches of a run, and how workers split them. */
interface BenchCase<B, M extends Module = Module> {
  name: string;
  /** Examples in one global batch. */
  batchSize: number;
  model(): M;
  loss(model: M, batch: B): tf.Scalar;
  /** `count` global batches (the first warms up). */
  batches(model: M, count: number): B[];
  replica: ReplicaSpec;
  split(batch: B, parts: number): Array<GradientSlice<B>>;
}

/** Random sentence pairs (word ids 4..vocab-1), source 6-14 tokens, target 6-16. */
function pairs(n: number, vocab: number, rng: Rng): EncodedPair[] {
  return Array.from({ length: n }, () => {
    const s = Array.from({ length: 6 + rng.int(9) }, () => 4 + rng.int(vocab - 4));
    const t = Array.from({ length: 6 + rng.int(11) }, () => 4 + rng.int(vocab - 4));
    return { source: [...s, 2], target: [1, ...t, 2] };
  });
}

const TRANSLATE: Seq2SeqConfig = {
  encoder: { vocabSize: 1000, embeddingSize: 32, hiddenSize: 64, cell: 'gru', bidirectional: true },
  decoder: { vocabSize: 1000, embeddingSize: 32, hiddenSize: 128, cell: 'gru', attention: 'general' },
  seed: 1,
};

/** The pointer app's supervised convex-hull training at its default widths, batches of 64 10-point sets. */
const POINTER: PointerNetworkConfig = { embeddingSize: 128, hiddenSize: 128, rules: pointerPreset('convex-hull'), seed: 1 };

const translateTrain: BenchCase<TokenBatch, Seq2Seq> = {
  name: 'translate-train',
  batchSize: 64,
  model: () => new Seq2Seq(TRANSLATE),
  loss: (model, batch) => model.loss(batch),
  batches: (_, count) => {
    const rng = new Rng(7);
    return Array.from({ length: count }, () => collate(pairs(64, TRANSLATE.encoder.vocabSize, rng)));
  },
  replica: seq2seqReplica({ model: TRANSLATE, backend: BACKEND }),
  split: splitTokenBatch,
};

const pointerTrain: BenchCase<PointerBatch, PointerNetwork> = {
  name: 'pointer-train',
  batchSize: 64,
  model: () => new PointerNetwork(POINTER),
  loss: (model, batch) => model.loss(batch.inputs, batch.targets),
  batches: (model, count) =>
    Array.from({ length: count }, (_, i) => {
      const sets = samplePointSets(64, { n: 10 }, 100 + i);
      return { inputs: pointerInputs(sets), targets: model.toPositions(sets.map((s) => convexHull(s))) };
    }),
  replica: pointerReplica({ model: POINTER, backend: BACKEND }),
  split: splitPointerBatch,
};

const CASES: Array<BenchCase<never>> = [translateTrain, pointerTrain] as unknown as Array<BenchCase<never>>;

interface Throughput {
  examplesPerSec: number;
  examplesPerCpuSec: number;
  /** Resident memory of the whole process (main thread and workers) after the timed steps. */
  rssMiB: number;
}

async function throughput<B, M extends Module>(c: BenchCase<B, M>, workers: number): Promise<Throughput> {
  const model = c.model();
  const batches = c.batches(model, STEPS + 1);
  const base = { model, loss: (b: B) => c.loss(model, b), trainBatches: () => batches };
  const parallel = await parallelTask<B>(base, { workers, replica: c.replica, split: c.split });
  const trainer = new Trainer<B>(parallel.task, { schedule: { kind: 'constant', lr: 1e-3 } });
  try {
    await trainer.trainStepAsync(batches[0]!); // warm-up: kernels, first-use allocations
    const started = performance.now();
    const cpu = process.cpuUsage();
    for (let s = 1; s <= STEPS; s++) await trainer.trainStepAsync(batches[s]!);
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const examples = STEPS * c.batchSize;
    const rssMiB = process.memoryUsage().rss / 2 ** 20;
    return { examplesPerSec: examples / seconds, examplesPerCpuSec: examples / ((used.user + used.system) / 1e6), rssMiB };
  } finally {
    await parallel.dispose();
    trainer.optimizer.dispose();
    model.dispose();
  }
}

async function main(): Promise<void> {
  tf.env().set('PROD', true);
  await tf.setBackend(BACKEND);
  for (const c of CASES.filter((x) => values.case === undefined || x.name === values.case)) {
    let single = Number.NaN;
    for (const workers of WORKER_COUNTS) {
      const { examplesPerSec, examplesPerCpuSec, rssMiB } = await throughput(c, workers);
      if (workers === 1) single = examplesPerSec;
      const row = {
        case: c.name,
        workers,
        examplesPerSec: Number(examplesPerSec.toFixed(2)),
        speedup: Number((examplesPerSec / single).toFixed(3)),
        examplesPerCpuSec: Number(examplesPerCpuSec.toFixed(2)),
        rssMiB: Math.round(rssMiB),
      };
      console.log(JSON.stringify(row));
    }
  }
  const over = WORKER_COUNTS.filter((w) => w > cores);
  if (over.length) console.error(`# ${cores} cores: ${over.join(', ')} workers oversubscribe them (overhead, not scaling)`);
  console.error(`# load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cores} cores`);
}

await main();
