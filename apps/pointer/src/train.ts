/**
 * `seq2seq-pointer train`: supervised training on exact targets (teacher forcing), or REINFORCE
 * with a greedy-rollout baseline for TSP; progress on stderr, checkpoints every epoch and on
 * Ctrl-C, `--resume` to continue.
 */
import { evaluateConvexHull, evaluateDelaunay, evaluateTsp, samplePointSets, type Point } from '@seq2seq/datasets';
import {
  PointerNetwork,
  Trainer,
  TrainingRun,
  TourReinforce,
  geometryBatches,
  pointerInputs,
  pointerPreset,
  solvePointSets,
  type PointerEncoderKind,
  type PointerNetworkConfig,
  type PointerTask,
  type ScheduleConfig,
  type TrainingTask,
} from '@seq2seq/seq2seq';
import type { GeometryExample } from '@seq2seq/datasets';
import { parallelTask, pointerReplica, splitPointerBatch, type PointerBatch, type WorkerCount } from '@seq2seq/seq2seq/parallel';
import { Args, UsageError } from './args';
import { hasCheckpoint, loadPointerCheckpoint, type PointerCheckpoint, type PointerData, type PointerProvenance, type PointerTrainingExtra } from './checkpoint';
import { ProgressBar, formatDuration } from '../../../scripts/cli/progress';
import { pointerTask } from './tasks';
import { TRAIN_USAGE } from './usage';

/** Scores greedy outputs of `net` on `sets` with the paper's metric of the task. */
export function quickScore(task: PointerTask, net: PointerNetwork, sets: readonly Point[][]): Record<string, number> {
  const predictions = solvePointSets(net, sets);
  if (task === 'tsp') {
    const r = evaluateTsp({ points: sets, predictions });
    return { tour: r.meanTourLength, optimal: r.meanReferenceLength, invalid: r.invalidShare };
  }
  if (task === 'convex-hull') {
    const r = evaluateConvexHull({ points: sets, predictions });
    return { accuracy: r.accuracy, area: r.areaCoverage, invalid: r.invalidShare };
  }
  const r = evaluateDelaunay({ points: sets, predictions });
  return { accuracy: r.accuracy, coverage: r.triangleCoverage, invalid: r.invalidShare };
}

/**
 * The training target in a geometric convention the network can learn. The datasets' canonical
 * forms start and turn by index (a tour goes first to the lower-indexed neighbour of 0, a hull
 * starts at its lowest index), which a network cannot see from coordinates; the metrics do not
 * depend on either choice. Tours go first to the nearer neighbour of point 0; hulls start at the
 * lowest point (then the leftmost), counter-clockwise as before; each Delaunay triangle (the
 * triangles stay in the paper's incenter order) is counter-clockwise from its leftmost vertex.
 */
export function orientTarget(task: PointerTask, points: readonly Point[], target: readonly number[]): number[] {
  const t = [...target];
  if (task === 'tsp' && t.length > 2) {
    const d = (i: number) => Math.hypot(points[i]![0] - points[t[0]!]![0], points[i]![1] - points[t[0]!]![1]);
    if (d(t[1]!) > d(t[t.length - 1]!)) return [t[0]!, ...t.slice(1).reverse()];
  }
  if (task === 'convex-hull' && t.length > 0) {
    let k = 0;
    t.forEach((i, j) => {
      const [p, q] = [points[i]!, points[t[k]!]!];
      if (p[1] < q[1] || (p[1] === q[1] && p[0] < q[0])) k = j;
    });
    return [...t.slice(k), ...t.slice(0, k)];
  }
  if (task === 'delaunay') {
    const out: number[] = [];
    for (let g = 0; g + 3 <= t.length; g += 3) {
      let [a, b, c] = [t[g]!, t[g + 1]!, t[g + 2]!];
      const [pa, pb, pc] = [points[a]!, points[b]!, points[c]!];
      if ((pb[0] - pa[0]) * (pc[1] - pa[1]) - (pb[1] - pa[1]) * (pc[0] - pa[0]) < 0) [b, c] = [c, b];
      const tri = [a, b, c];
      let k = 0;
      tri.forEach((i, j) => {
        if (points[i]![0] < points[tri[k]!]![0]) k = j;
      });
      out.push(...tri.slice(k), ...tri.slice(0, k));
    }
    return out;
  }
  return t;
}

function parseN(value: string | undefined): number | [number, number] {
  const m = /^(\d+)(?:-(\d+))?$/.exec(value ?? '');
  if (!m) throw new UsageError(`--n must be N or NMIN-NMAX, got ${JSON.stringify(value ?? '')}`);
  const a = Number(m[1]);
  const b = m[2] === undefined ? a : Number(m[2]);
  if (a < 3 || b < a) throw new UsageError(`--n needs 3 <= NMIN <= NMAX, got ${value}`);
  return a === b ? a : [a, b];
}

const fmt = (x: number): string => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(4));

/** `--encoder` value -> encoder kind. */
function encoderKind(value: string): PointerEncoderKind {
  if (value !== 'lstm' && value !== 'attention') throw new UsageError(`--encoder must be lstm or attention, got ${value}`);
  return value;
}

/** `--workers N|auto` -> a worker count (default 1). */
function workerCount(value: string | undefined): WorkerCount {
  if (value === undefined || value === 'auto') return value ?? 1;
  if (!/^[1-9]\d*$/.test(value)) throw new UsageError(`--workers must be a positive integer or 'auto', got '${value}'`);
  return Number(value);
}

/** Runs `train`; returns the exit code (130 after Ctrl-C, 3 when training diverged). */
export async function train(args: Args, argv: readonly string[]): Promise<number> {
  const out = args.string('out');
  if (!out) throw new UsageError('--out DIR is required');
  const workers = workerCount(args.string('workers'));
  const resume = args.flag('resume');
  let loaded: PointerCheckpoint | undefined;
  let network: PointerNetworkConfig;
  let data: PointerData;
  let prev: Record<string, number | string> = {};
  let command = '';
  if (resume && hasCheckpoint(out)) {
    loaded = await loadPointerCheckpoint(out, true);
    if (!loaded.manifest.training) throw new UsageError(`${out} holds an inference-only checkpoint; --resume needs one written by 'train'`);
    network = loaded.manifest.config;
    data = { ...loaded.manifest.data };
    if (args.has('n')) data.n = parseN(args.string('n')); // e.g. continue on larger instances
    prev = (loaded.manifest.training.extra as PointerTrainingExtra | undefined)?.settings ?? {};
    command = (loaded.manifest.provenance as PointerProvenance | undefined)?.command ?? '';
  } else {
    if (resume) process.stderr.write(`no checkpoint in ${out}; starting fresh\n`);
    const task = pointerTask(args.string('task'));
    const clip = args.number('clip', 10, 0);
    network = {
      embeddingSize: args.int('embedding', 128),
      hiddenSize: args.int('hidden', 128),
      encoder: encoderKind(args.string('encoder', 'lstm')),
      numEncoderLayers: args.int('layers', 3),
      numHeads: args.int('heads', 8),
      numGlimpses: args.int('glimpses', 1, 0),
      clip: clip > 0 ? clip : null,
      rules: pointerPreset(task),
      seed: args.int('seed', 1, 0),
    };
    data = { task, n: parseN(args.string('n')) };
  }
  const net = new PointerNetwork(network);
  // The weights before anything copies them (REINFORCE's baseline is a copy of the policy).
  if (loaded) net.loadWeights(loaded.weights);
  const pick = <T extends number | string>(name: string, read: () => T, fallback: T): T => (args.has(name) ? read() : ((prev[name] as T | undefined) ?? fallback));
  const settings = {
    method: pick('method', () => args.string('method', 'supervised'), 'supervised'),
    epochs: pick('epochs', () => args.int('epochs', 100), 100),
    stepsPerEpoch: pick('steps-per-epoch', () => args.int('steps-per-epoch', 100), 100),
    batch: pick('batch', () => args.int('batch', 128), 128),
    lr: pick('lr', () => args.number('lr', 1e-3, 0), 1e-3),
    lrDecay: pick('lr-decay', () => args.number('lr-decay', 1, 0, 1), 1),
    clipNorm: pick('clip-norm', () => args.number('clip-norm', 2, 0), 2),
    seed: pick('seed', () => args.int('seed', 1, 0), 1),
  };
  if (settings.method !== 'supervised' && settings.method !== 'reinforce') throw new UsageError(`--method must be supervised or reinforce, got ${settings.method}`);
  const task = data.task;
  if (settings.method === 'reinforce' && task !== 'tsp') throw new UsageError('--method reinforce trains tsp only');
  if (settings.method === 'reinforce' && workers !== 1) throw new UsageError('--workers trains --method supervised only (reinforce samples tours on this thread)');
  const saved: Record<string, number | string> = { method: settings.method, epochs: settings.epochs, 'steps-per-epoch': settings.stepsPerEpoch, batch: settings.batch, lr: settings.lr, 'lr-decay': settings.lrDecay, 'clip-norm': settings.clipNorm, seed: settings.seed };
  command = [command, `seq2seq-pointer ${argv.join(' ')}`].filter(Boolean).join(' && ');
  const schedule: ScheduleConfig =
    settings.lrDecay === 1 ? { kind: 'constant', lr: settings.lr } : { kind: 'exponential', lr: settings.lr, rate: settings.lrDecay, decaySteps: 1000, minLr: settings.lr / 100 };

  // Held-out instances for the quick greedy score after every epoch.
  const sizeOf = (n: number | [number, number]) => (typeof n === 'number' ? { n } : { nMin: n[0], nMax: n[1] });
  const quickSets = samplePointSets(200, sizeOf(data.n), 987_654_321);
  const labelled = (examples: GeometryExample[]) => ({
    inputs: pointerInputs(examples.map((e) => e.points)),
    targets: net.toPositions(examples.map((e) => orientTarget(task, e.points, e.target))),
  });
  let rl: TourReinforce | null = null;
  let trainingTask: TrainingTask<unknown>;
  const resumedEpoch = loaded?.manifest.training?.trainer.epoch ?? 0;
  if (settings.method === 'reinforce') {
    rl = new TourReinforce(net, { n: data.n, batchSize: settings.batch, seed: settings.seed + 7919 * resumedEpoch });
    trainingTask = rl.task(settings.stepsPerEpoch) as TrainingTask<unknown>;
  } else {
    const dev = [...geometryBatches({ task, n: data.n, batchSize: 256, batches: 1, seed: 424_242 })].map(labelled);
    trainingTask = {
      model: net,
      loss: (b) => {
        const { inputs, targets } = b as ReturnType<typeof labelled>;
        return net.loss(inputs, targets);
      },
      trainBatches: (epoch) => {
        const gen = geometryBatches({ task, n: data.n, batchSize: settings.batch, batches: settings.stepsPerEpoch, seed: settings.seed * 100_003 + epoch });
        return (function* () {
          for (const examples of gen) yield labelled(examples);
        })();
      },
      devBatches: () => dev,
    };
  }
  // --workers: replicas on worker threads compute each batch's gradient in slices (1: this thread).
  const parallel = await parallelTask(trainingTask as TrainingTask<PointerBatch>, {
    workers,
    replica: pointerReplica({ model: net.config, seed: settings.seed + 1000 }),
    split: splitPointerBatch,
  });
  try {
    const trainer = new Trainer<unknown>(parallel.task as TrainingTask<unknown>, { epochs: settings.epochs, schedule, clipNorm: settings.clipNorm });
    const controller = new AbortController();
    const minutes = args.number('minutes', 0, 0);
    let bar: ProgressBar | undefined;
    let lossAvg = Number.NaN;
    const run = new TrainingRun<unknown, PointerNetworkConfig, PointerData>({
      trainer,
      dir: out,
      manifest: () => ({ kind: 'pointer', config: net.config, data, provenance: { command } satisfies PointerProvenance }),
      signal: controller.signal,
      maxSeconds: minutes > 0 ? minutes * 60 : undefined,
      extra: (): PointerTrainingExtra => ({ settings: saved, ...(rl ? { baselineRounds: rl.rounds } : {}) }),
      evaluate: () => {
        const metrics: Record<string, number> = {};
        if (rl) {
          const u = rl.maybeUpdateBaseline();
          metrics.baselineReplaced = u.replaced ? 1 : 0;
          metrics.baselineTour = u.baselineMean;
        }
        return Object.assign(metrics, quickScore(task, net, quickSets));
      },
      onEvent: (e) => {
        if (e.type === 'batch') {
          lossAvg = Number.isNaN(lossAvg) ? e.loss : 0.95 * lossAvg + 0.05 * e.loss;
          bar?.update(e.step, { epoch: String(e.epoch), loss: fmt(lossAvg), lr: e.lr.toExponential(1) });
        } else if (e.type === 'epoch') {
          bar?.log(`epoch ${e.entry.epoch}: ${Object.entries(e.entry).filter(([k]) => k !== 'epoch').map(([k, v]) => `${k} ${fmt(v!)}`).join('  ')}${e.savedBest ? '  (best on dev: saved to best/)' : ''}`);
        } else if (e.type === 'stopping' && e.reason !== 'completed') {
          bar?.log(e.message);
        }
      },
    });
    if (loaded) {
      run.restore(loaded);
      process.stderr.write(`resumed ${out} at epoch ${trainer.state.epoch}, step ${trainer.state.step} (${formatDuration(run.elapsedBefore)} trained)\n`);
    }
    if (parallel.workers > 1) process.stderr.write(`training on ${parallel.workers} worker threads\n`);
    bar = new ProgressBar(settings.epochs * settings.stepsPerEpoch, trainer.state.step);
    const onSigint = () => {
      bar?.log('Ctrl-C: stopping after this step and saving a checkpoint (Ctrl-C again to quit without saving)');
      controller.abort();
      process.once('SIGINT', () => process.exit(130));
    };
    process.once('SIGINT', onSigint);
    try {
      const result = await run.run();
      bar.done();
      process.stderr.write(`${result.reason === 'completed' ? '' : `${result.reason}: `}checkpoint saved to ${out} (epoch ${result.epoch}, step ${result.step}); trained ${formatDuration(result.elapsedSeconds)} in total\n`);
      return result.reason === 'aborted' ? 130 : result.reason === 'diverged' ? 3 : 0;
    } finally {
      process.removeListener('SIGINT', onSigint);
      rl?.dispose();
      net.dispose();
      trainer.optimizer.dispose();
    }
  } finally {
    // Also when anything above throws: live worker threads would keep the process from exiting.
    await parallel.dispose();
  }
}

export { TRAIN_USAGE };
