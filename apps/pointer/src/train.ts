/**
 * `seq2seq-pointer train`: supervised training on exact targets (teacher forcing), or REINFORCE
 * with a greedy-rollout baseline for TSP; progress on stderr, checkpoints every epoch and on
 * Ctrl-C, `--resume` to continue.
 */
import { evaluateConvexHull, evaluateDelaunay, evaluateTsp, samplePointSets, type Point } from '@seq2seq/datasets';
import {
  PointerNetwork,
  Trainer,
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
import { Args, UsageError } from './args';
import { hasCheckpoint, loadNetwork, loadOptimizer, saveCheckpoint, type CheckpointInfo } from './checkpoint';
import { ProgressBar, formatDuration } from './progress';
import { pointerTask } from './tasks';

export const TRAIN_USAGE = `usage: seq2seq-pointer train --task hull|delaunay|tsp --n N|NMIN-NMAX --out DIR [options]

Trains a pointer network and writes checkpoints to DIR (config.json, model.safetensors,
optimizer.safetensors) after every epoch and on Ctrl-C.

options:
  --task T              hull, delaunay or tsp
  --n N | NMIN-NMAX     points per training instance (a range mixes sizes in a batch)
  --out DIR             checkpoint folder
  --resume              continue from the checkpoint in DIR (its config; flags below may extend it)
  --method M            supervised (default; exact targets, teacher forcing) or reinforce (tsp only)
  --epochs E            epochs in total, counting resumed ones (default 100)
  --steps-per-epoch S   optimiser steps per epoch (default 100)
  --batch B             instances per step (default 128)
  --lr LR               Adam learning rate (default 1e-3)
  --lr-decay R          multiply the rate by R every 1000 steps (default 1: constant)
  --clip-norm C         gradient clipping by global norm (default 2)
  --hidden H            LSTM size (default 128)     --embedding E   point embedding (default 128)
  --encoder K           lstm (default; the paper's) or attention (a Transformer over the set)
  --layers L            attention encoder layers (default 3)  --heads A   its heads (default 8)
  --glimpses G          glimpses (default 1)        --clip C        logit clipping (default 10, 0: none)
  --minutes M           stop (and checkpoint) after M minutes of training
  --seed S              seed of initialisation and data (default 1)
  --backend B           wasm (default), cpu or webgpu`;

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

/** Runs `train`; returns the exit code. */
export async function train(args: Args, argv: readonly string[]): Promise<number> {
  const out = args.string('out');
  if (!out) throw new UsageError('--out DIR is required');
  const resume = args.flag('resume');
  let net: PointerNetwork;
  let info: CheckpointInfo;
  if (resume && hasCheckpoint(out)) {
    ({ net, info } = await loadNetwork(out));
    if (args.has('n')) info.n = parseN(args.string('n')); // e.g. continue on larger instances
  } else {
    if (resume) process.stderr.write(`no checkpoint in ${out}; starting fresh\n`);
    const task = pointerTask(args.string('task'));
    const n = parseN(args.string('n'));
    const clip = args.number('clip', 10);
    const network: PointerNetworkConfig = {
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
    net = new PointerNetwork(network);
    info = {
      format: 'seq2seq-pointer/1',
      task,
      n,
      network: net.config,
      training: {},
      command: '',
      trainer: { epoch: 0, step: 0, bestDevLoss: undefined, epochsWithoutImprovement: 0, batchInEpoch: 0 },
      optimizerStep: 0,
      trainSeconds: 0,
      history: [],
    };
  }
  const prev = info.training as Record<string, number | string>;
  const pick = <T extends number | string>(name: string, read: () => T, fallback: T): T => (args.has(name) ? read() : ((prev[name] as T | undefined) ?? fallback));
  const settings = {
    method: pick('method', () => args.string('method', 'supervised'), 'supervised'),
    epochs: pick('epochs', () => args.int('epochs', 100), 100),
    stepsPerEpoch: pick('steps-per-epoch', () => args.int('steps-per-epoch', 100), 100),
    batch: pick('batch', () => args.int('batch', 128), 128),
    lr: pick('lr', () => args.number('lr', 1e-3), 1e-3),
    lrDecay: pick('lr-decay', () => args.number('lr-decay', 1), 1),
    clipNorm: pick('clip-norm', () => args.number('clip-norm', 2), 2),
    seed: pick('seed', () => args.int('seed', 1, 0), 1),
  };
  if (settings.method !== 'supervised' && settings.method !== 'reinforce') throw new UsageError(`--method must be supervised or reinforce, got ${settings.method}`);
  if (settings.method === 'reinforce' && info.task !== 'tsp') throw new UsageError('--method reinforce trains tsp only');
  info.training = { method: settings.method, epochs: settings.epochs, 'steps-per-epoch': settings.stepsPerEpoch, batch: settings.batch, lr: settings.lr, 'lr-decay': settings.lrDecay, 'clip-norm': settings.clipNorm, seed: settings.seed };
  info.command = [info.command, `seq2seq-pointer ${argv.join(' ')}`].filter(Boolean).join(' && ');
  const task = info.task;
  const schedule: ScheduleConfig =
    settings.lrDecay === 1 ? { kind: 'constant', lr: settings.lr } : { kind: 'exponential', lr: settings.lr, rate: settings.lrDecay, decaySteps: 1000, minLr: settings.lr / 100 };

  // Held-out instances for the quick greedy score after every epoch.
  const sizeOf = (n: number | [number, number]) => (typeof n === 'number' ? { n } : { nMin: n[0], nMax: n[1] });
  const quickSets = samplePointSets(200, sizeOf(info.n), 987_654_321);
  const labelled = (examples: GeometryExample[]) => ({
    inputs: pointerInputs(examples.map((e) => e.points)),
    targets: net.toPositions(examples.map((e) => orientTarget(task, e.points, e.target))),
  });
  let rl: TourReinforce | null = null;
  let trainingTask: TrainingTask<unknown>;
  if (settings.method === 'reinforce') {
    rl = new TourReinforce(net, { n: info.n, batchSize: settings.batch, seed: settings.seed + 7919 * info.trainer.epoch });
    trainingTask = rl.task(settings.stepsPerEpoch) as TrainingTask<unknown>;
  } else {
    const dev = [...geometryBatches({ task, n: info.n, batchSize: 256, batches: 1, seed: 424_242 })].map(labelled);
    trainingTask = {
      model: net,
      loss: (b) => {
        const { inputs, targets } = b as ReturnType<typeof labelled>;
        return net.loss(inputs, targets);
      },
      trainBatches: (epoch) => {
        const gen = geometryBatches({ task, n: info.n, batchSize: settings.batch, batches: settings.stepsPerEpoch, seed: settings.seed * 100_003 + epoch });
        return (function* () {
          for (const examples of gen) yield labelled(examples);
        })();
      },
      devBatches: () => dev,
    };
  }
  const trainer = new Trainer<unknown>(trainingTask, { epochs: settings.epochs, schedule, clipNorm: settings.clipNorm });
  if (resume && info.trainer.step > 0) {
    await loadOptimizer(out, trainer, net, info);
    process.stderr.write(`resumed ${out} at epoch ${info.trainer.epoch}, step ${info.trainer.step} (${formatDuration(info.trainSeconds)} trained)\n`);
  }

  const total = settings.epochs * settings.stepsPerEpoch;
  const bar = new ProgressBar(total, trainer.state.step);
  const started = performance.now();
  const baseSeconds = info.trainSeconds;
  const minutes = args.number('minutes', 0);
  let stopReason = '';
  const onSigint = () => {
    stopReason = 'interrupted';
    trainer.requestStop();
    bar.log('Ctrl-C: stopping after this step and saving a checkpoint (Ctrl-C again to quit without saving)');
    process.once('SIGINT', () => process.exit(130));
  };
  process.once('SIGINT', onSigint);
  const checkpoint = async () => {
    info.trainer = { ...trainer.state };
    info.optimizerStep = trainer.optimizer.step;
    info.trainSeconds = baseSeconds + (performance.now() - started) / 1000;
    info.extra = rl ? { baselineRounds: rl.rounds } : undefined;
    await saveCheckpoint(out, net, trainer, info);
  };
  let lossAvg = Number.NaN;
  try {
    await trainer.fit({
      onBatchEnd: async (e) => {
        // Let the event loop run (the training loop is otherwise all microtasks): Ctrl-C is a macrotask.
        await new Promise((resolve) => setImmediate(resolve));
        lossAvg = Number.isNaN(lossAvg) ? e.loss : 0.95 * lossAvg + 0.05 * e.loss;
        const fields: Record<string, string> = { epoch: String(e.epoch), loss: fmt(lossAvg), lr: e.lr.toExponential(1) };
        bar.update(e.step, fields);
        if (minutes > 0 && (performance.now() - started) / 60_000 >= minutes && !stopReason) {
          stopReason = `time budget of ${minutes} min reached`;
          trainer.requestStop();
        }
      },
      onEpochEnd: async (e) => {
        const entry: Record<string, number> = { epoch: e.epoch, step: trainer.state.step, seconds: Math.round(baseSeconds + (performance.now() - started) / 1000), trainLoss: e.trainLoss };
        if (e.devLoss !== undefined) entry.devLoss = e.devLoss;
        if (rl) {
          const u = rl.maybeUpdateBaseline();
          entry.baselineReplaced = u.replaced ? 1 : 0;
          entry.baselineTour = u.baselineMean;
        }
        Object.assign(entry, quickScore(task, net, quickSets));
        info.history.push(entry);
        bar.log(`epoch ${e.epoch}: ${Object.entries(entry).map(([k, v]) => `${k} ${fmt(v)}`).join('  ')}`);
        await checkpoint();
      },
    });
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
  if (stopReason) {
    await checkpoint();
    bar.log(`${stopReason}: checkpoint saved to ${out} (epoch ${trainer.state.epoch}, step ${trainer.state.step})`);
  }
  bar.done();
  process.stderr.write(`trained ${formatDuration(info.trainSeconds)} in total; checkpoint in ${out}\n`);
  rl?.dispose();
  net.dispose();
  return stopReason === 'interrupted' ? 130 : 0;
}
