/**
 * Benchmark of data-parallel training (`@seq2seq/seq2seq/parallel`): training-step throughput
 * with 1 worker (in-process `Trainer.trainStep`, exactly what `parallelTask` returns for 1) and
 * with N worker threads on the built-in replicas, in one process, on each case's backend (the
 * CPU backend; WASM for the character model, as its app trains).
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
 * A case is one object in CASES: its model, loss, global batches, replica and split. The
 * `chars-train` case (the char-RNN of `seq2seq-chars`, stateful TBPTT: an example is one row of
 * a 100-character window) also prints `charsPerSec`.
 *
 *   pnpm bench                                        # every case
 *   pnpm bench -- --workers 1,2 --steps 6 --case pointer-train
 */
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { type Module, Rng } from '@seq2seq/core';
import { collate, convexHull, samplePointSets, tbpttBatches, type EncodedPair, type TbpttBatch } from '@seq2seq/datasets';
import {
  CharLanguageModel,
  PointerNetwork,
  Seq2Seq,
  Trainer,
  pointerInputs,
  pointerPreset,
  windowStateCarrier,
  type CharLanguageModelConfig,
  type PointerNetworkConfig,
  type Seq2SeqConfig,
  type TokenBatch,
  type WindowStateCarrier,
} from '../src/index';
import {
  charLanguageModelReplica,
  parallelTask,
  pointerReplica,
  seq2seqReplica,
  splitPointerBatch,
  splitTbpttBatch,
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
/** The backend of the translate and pointer cases. */
const BACKEND = 'cpu';

/** One benchmark case: a model, its loss, the global batches of a run, and how workers split them. */
interface BenchCase<B, M extends Module = Module> {
  name: string;
  /** tfjs backend of the main thread and the workers. */
  backend: string;
  /** Examples in one global batch. */
  batchSize: number;
  /** A second throughput to print: its JSON key, and how many of its units one example holds. Default none. */
  perExample?: { key: string; count: number };
  model(): M;
  loss(model: M, batch: B): tf.Scalar;
  /** `count` global batches (the first warms up). */
  batches(model: M, count: number): B[];
  replica: ReplicaSpec;
  split(batch: B, parts: number): Array<GradientSlice<B>>;
  /** Frees what `loss` kept for `model` (a carried state). Default nothing. */
  release?(model: M): void;
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
  backend: BACKEND,
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
  backend: BACKEND,
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

/** The shipped char-RNN's model (apps/chars/scripts/train-model.sh): a 2x256 LSTM on one-hot characters. */
const CHARS: CharLanguageModelConfig = { cell: 'lstm', hiddenSize: 256, numLayers: 2, dropout: 0.25, seed: 1 };
const CHARS_SEQ_LEN = 100;
/** Each in-process model's carried state, as `charLanguageModelTask` keeps it. */
const carriers = new WeakMap<CharLanguageModel, WindowStateCarrier>();

/** Consecutive TBPTT windows of 64 rows x 100 characters over random printable text (the state is carried). */
const charsTrain: BenchCase<TbpttBatch, CharLanguageModel> = {
  name: 'chars-train',
  backend: 'wasm',
  batchSize: 64,
  perExample: { key: 'charsPerSec', count: CHARS_SEQ_LEN },
  model: () => new CharLanguageModel(CHARS),
  loss: (model, batch) => {
    if (!carriers.has(model)) carriers.set(model, windowStateCarrier(model));
    return carriers.get(model)!.loss(batch);
  },
  batches: (model, count) => {
    const rng = new Rng(11);
    const text = Int32Array.from({ length: 64 * CHARS_SEQ_LEN * count + 1 }, () => 3 + rng.int(model.config.vocabSize - 3));
    return tbpttBatches(text, { batchSize: 64, seqLen: CHARS_SEQ_LEN }).slice(0, count);
  },
  replica: charLanguageModelReplica({ model: CHARS, backend: 'wasm' }),
  split: splitTbpttBatch,
  release: (model) => carriers.get(model)?.reset(),
};

const CASES: Array<BenchCase<never>> = [translateTrain, pointerTrain, charsTrain] as unknown as Array<BenchCase<never>>;

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
    c.release?.(model);
    model.dispose();
  }
}

async function main(): Promise<void> {
  tf.env().set('PROD', true);
  for (const c of CASES.filter((x) => values.case === undefined || x.name === values.case)) {
    if (!(await tf.setBackend(c.backend))) throw new Error(`${c.name}: backend '${c.backend}' did not start`);
    let single = Number.NaN;
    for (const workers of WORKER_COUNTS) {
      const { examplesPerSec, examplesPerCpuSec, rssMiB } = await throughput(c, workers);
      if (workers === 1) single = examplesPerSec;
      const row = {
        case: c.name,
        workers,
        examplesPerSec: Number(examplesPerSec.toFixed(2)),
        speedup: Number((examplesPerSec / single).toFixed(3)),
        ...(c.perExample ? { [c.perExample.key]: Math.round(examplesPerSec * c.perExample.count) } : {}),
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
