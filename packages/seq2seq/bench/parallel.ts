/**
 * Benchmark of data-parallel training (`@seq2seq/seq2seq/parallel`): training-step throughput
 * with 1 worker (today's single-thread `Trainer.trainStep`) and with N worker threads
 * (`dataParallelTask`), in one process, on the CPU backend.
 *
 * Prints one JSON line per case and worker count:
 *   {"case":"translate-train","workers":2,"examplesPerSec":x,"speedup":y}
 * `speedup` is against 1 worker in the same run. `examplesPerCpuSec` divides by the CPU time of
 * the whole process (every thread): on a shared machine, where wall-clock speedup says little,
 * it shows what parallelism costs in extra work (equal figures: no overhead). Worker counts default to 1, 2 and 4 where the
 * machine has the cores (`os.availableParallelism()`), else up to the core count.
 *
 *   pnpm bench                              # every case
 *   pnpm bench -- --workers 1,2 --steps 6
 */
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { Rng } from '@seq2seq/core';
import { collate, type EncodedPair } from '@seq2seq/datasets';
import { Seq2Seq, Trainer, type Seq2SeqConfig, type TokenBatch } from '../src/index';
import { bundleFixture } from '../src/training/parallel/fixtures/bundle';
import { dataParallelTask, type GradientSlice } from '../src/training/parallel/index';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    workers: { type: 'string' },
    steps: { type: 'string', default: '4' },
    batch: { type: 'string', default: '64' },
  },
});
const cores = availableParallelism();
const workerCounts = values.workers
  ? values.workers.split(',').map(Number)
  : [1, 2, 4].filter((n) => n <= Math.max(cores, 2));
const STEPS = Number(values.steps);
const BATCH = Number(values.batch);
const BACKEND = 'cpu';

/** Random sentence pairs (word ids 4..vocab-1), source 6-14 tokens, target 6-16. */
function pairs(n: number, vocab: number, rng: Rng): EncodedPair[] {
  return Array.from({ length: n }, () => {
    const s = Array.from({ length: 6 + rng.int(9) }, () => 4 + rng.int(vocab - 4));
    const t = Array.from({ length: 6 + rng.int(11) }, () => 4 + rng.int(vocab - 4));
    return { source: [...s, 2], target: [1, ...t, 2] };
  });
}

/** Target tokens a batch's loss averages over (labels: targetLength - 1 per row). */
function labelTokens(pairsOf: readonly EncodedPair[]): number {
  return pairsOf.reduce((acc, p) => acc + p.target.length - 1, 0);
}

/** A global batch that knows its pairs, so a split can collate each part. */
type PairBatch = TokenBatch & { pairs: EncodedPair[] };

function pairBatch(ps: EncodedPair[]): PairBatch {
  return Object.assign(collate(ps), { pairs: ps });
}

function splitPairs(batch: PairBatch, parts: number): Array<GradientSlice<TokenBatch>> {
  const per = Math.ceil(batch.pairs.length / parts);
  const out: Array<GradientSlice<TokenBatch>> = [];
  for (let i = 0; i < batch.pairs.length; i += per) {
    const part = batch.pairs.slice(i, i + per);
    const { source, sourceLengths, target, targetLengths, shape } = collate(part);
    out.push({ batch: { source, sourceLengths, target, targetLengths, shape }, weight: labelTokens(part) });
  }
  return out;
}

const TRANSLATE: Seq2SeqConfig = {
  encoder: { vocabSize: 1000, embeddingSize: 32, hiddenSize: 64, cell: 'gru', bidirectional: true },
  decoder: { vocabSize: 1000, embeddingSize: 32, hiddenSize: 128, cell: 'gru', attention: 'general' },
  seed: 1,
};

interface Row {
  case: string;
  workers: number;
  examplesPerSec: number;
  speedup: number;
  examplesPerCpuSec: number;
}

interface Throughput {
  examplesPerSec: number;
  examplesPerCpuSec: number;
}

async function translateTrain(workers: number, replicaModule: URL): Promise<Throughput> {
  const rng = new Rng(7);
  const batches = Array.from({ length: STEPS + 1 }, () => pairBatch(pairs(BATCH, TRANSLATE.encoder.vocabSize, rng)));
  const model = new Seq2Seq(TRANSLATE);
  const base = { model, loss: (b: TokenBatch) => model.loss(b), trainBatches: () => batches };
  const task =
    workers === 1
      ? undefined
      : await dataParallelTask<TokenBatch>(base, {
          workers,
          replica: { module: replicaModule, exportName: 'translateReplica', config: { backend: BACKEND, model: TRANSLATE } },
          split: (b, parts) => splitPairs(b as PairBatch, parts),
        });
  const trainer = new Trainer<TokenBatch>(task ?? base, { schedule: { kind: 'constant', lr: 1e-3 } });
  try {
    await trainer.trainStepAsync(batches[0]!); // warm-up: kernels, first-use allocations
    const started = performance.now();
    const cpu = process.cpuUsage();
    for (let s = 1; s <= STEPS; s++) await trainer.trainStepAsync(batches[s]!);
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    return { examplesPerSec: (STEPS * BATCH) / seconds, examplesPerCpuSec: (STEPS * BATCH) / cpuSeconds };
  } finally {
    await task?.dispose();
    trainer.optimizer.dispose();
    model.dispose();
  }
}

async function main(): Promise<void> {
  tf.env().set('PROD', true);
  await tf.setBackend(BACKEND);
  const replicas = await bundleFixture(fileURLToPath(new URL('./replicas.ts', import.meta.url)), 'bench-replicas');
  const cases: Array<[string, (workers: number) => Promise<Throughput>]> = [['translate-train', (w) => translateTrain(w, replicas)]];
  for (const [name, run] of cases) {
    let single = Number.NaN;
    for (const workers of workerCounts) {
      const { examplesPerSec, examplesPerCpuSec } = await run(workers);
      if (workers === 1) single = examplesPerSec;
      const row: Row = {
        case: name,
        workers,
        examplesPerSec: Number(examplesPerSec.toFixed(2)),
        speedup: Number((examplesPerSec / single).toFixed(3)),
        examplesPerCpuSec: Number(examplesPerCpuSec.toFixed(2)),
      };
      console.log(JSON.stringify(row));
    }
  }
  if (cores < 4) console.error(`# ${cores} cores: worker counts above ${cores} not measured`);
  console.error(`# load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cores} cores`);
}

await main();
