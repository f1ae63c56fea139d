/**
 * `seq2seq-pointer eval`: the paper's tables on fresh instances. Vinyals et al. (2015) Table 1
 * (convex hull: accuracy, area coverage), section 4.3 (Delaunay: triangle coverage) and Table 2
 * (TSP: mean tour length beside the optimum and the heuristics).
 */
import { Rng } from '@seq2seq/core';
import {
  evaluateConvexHull,
  evaluateDelaunay,
  evaluateTsp,
  farthestInsertionTour,
  nearestNeighbourTour,
  optimalTour,
  samplePointSets,
  twoOptTour,
  type Point,
} from '@seq2seq/datasets';
import { solvePointSets, type PointerNetwork, type PointerTask, type SolveOptions } from '@seq2seq/seq2seq';
import { Args, UsageError } from './args';
import { loadNetwork } from './checkpoint';
import { nearestShippedModel, pointerTask } from './tasks';
import { EVAL_USAGE } from './usage';

interface Row {
  name: string;
  cells: Record<string, string>;
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

/** Scores one set of predictions with the task's metrics. */
export function scoreRow(task: PointerTask, sets: readonly Point[][], predictions: number[][], references?: number[][]): Record<string, string> {
  if (task === 'tsp') {
    const r = evaluateTsp({ points: sets, predictions, references });
    return { 'mean tour length': r.meanTourLength.toFixed(3), gap: pct(r.optimalityGap), invalid: pct(r.invalidShare) };
  }
  if (task === 'convex-hull') {
    const r = evaluateConvexHull({ points: sets, predictions });
    return { accuracy: pct(r.accuracy), 'area coverage': pct(r.areaCoverage), invalid: pct(r.invalidShare) };
  }
  const r = evaluateDelaunay({ points: sets, predictions });
  return { accuracy: pct(r.accuracy), 'triangle coverage': pct(r.triangleCoverage), invalid: pct(r.invalidShare) };
}

function timed<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const v = fn();
  return [v, (performance.now() - t0) / 1000];
}

/** The rows of the table for `net` on `sets`. */
export function evaluationRows(task: PointerTask, net: PointerNetwork, sets: readonly Point[][], options: { beam: number; samples: number; seed: number; symmetries?: 1 | 4 | 8 }, log: (m: string) => void = () => {}): Row[] {
  const rows: Row[] = [];
  const add = (name: string, predictions: number[][], seconds: number, references?: number[][]) => {
    rows.push({ name, cells: { ...scoreRow(task, sets, predictions, references), 'time (s)': seconds.toFixed(1) } });
    log(`${name}: done in ${seconds.toFixed(1)} s`);
  };
  let references: number[][] | undefined;
  if (task === 'tsp') {
    const [exact, t] = timed(() => sets.map((p) => optimalTour(p).tour));
    references = exact;
    add('optimal (exact solver)', exact, t, references);
    for (const [name, h] of [
      ['nearest neighbour', nearestNeighbourTour],
      ['farthest insertion', farthestInsertionTour],
      ['2-opt (from nearest neighbour)', twoOptTour],
    ] as const) {
      const [tours, s] = timed(() => sets.map((p) => h(p).tour));
      add(name, tours, s, references);
    }
  } else {
    const metric = task === 'convex-hull' ? 'area coverage' : 'triangle coverage';
    rows.push({ name: 'exact', cells: { accuracy: '100.0%', [metric]: '100.0%', invalid: '0.0%', 'time (s)': '' } });
  }
  const model = (name: string, o: SolveOptions) => {
    const [out, s] = timed(() => solvePointSets(net, sets, o));
    add(name, out, s, references);
  };
  model('pointer net, greedy', {});
  if (options.beam > 0) model(`pointer net, beam ${options.beam}`, { method: 'beam', beamWidth: options.beam });
  if (options.samples > 0) model(`pointer net, best of ${options.samples} samples`, { method: 'sample', samples: options.samples, rng: new Rng(options.seed) });
  const k = options.symmetries ?? 1;
  if (k > 1) {
    // Test-time augmentation: the best of the k views of each set (see SolveOptions.symmetries).
    const views: SolveOptions = { symmetries: k, mirroredOutput: task === 'convex-hull' ? 'reverse' : 'keep' };
    model(`pointer net, greedy, ${k} symmetries`, views);
    if (options.beam > 0) model(`pointer net, beam ${options.beam}, ${k} symmetries`, { ...views, method: 'beam', beamWidth: options.beam });
  }
  if (task === 'tsp') {
    model('pointer net, greedy + 2-opt', { twoOpt: true });
    if (options.samples > 0) model(`pointer net, best of ${options.samples} samples + 2-opt`, { method: 'sample', samples: options.samples, rng: new Rng(options.seed), twoOpt: true });
  }
  return rows;
}

/** A markdown table of rows. */
export function formatTable(rows: readonly Row[]): string {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r.cells)))];
  const header = ['method', ...columns];
  const lines = [header, header.map(() => '---'), ...rows.map((r) => [r.name, ...columns.map((c) => r.cells[c] ?? '')])];
  return lines.map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** `--symmetries K`: 1 (default), 4 or 8. */
export function symmetriesFlag(args: Args): 1 | 4 | 8 {
  const k = args.int('symmetries', 1);
  if (k !== 1 && k !== 4 && k !== 8) throw new UsageError(`--symmetries must be 1, 4 or 8, got ${k}`);
  return k;
}

/** Runs `eval`; returns the exit code. */
export async function evaluate(args: Args): Promise<number> {
  const task = pointerTask(args.string('task'));
  const nText = args.string('n');
  const m = /^(\d+)(?:-(\d+))?$/.exec(nText ?? '');
  if (!m) throw new UsageError(`--n must be N or NMIN-NMAX, got ${JSON.stringify(nText ?? '')}`);
  const size: { n: number } | { nMin: number; nMax: number } = m[2] === undefined ? { n: Number(m[1]) } : { nMin: Number(m[1]), nMax: Number(m[2]) };
  const count = args.int('count', 1000);
  const seed = args.int('seed', 2015, 0);
  const dir = args.string('model') ?? nearestShippedModel(task, 'n' in size ? size.n : (size.nMin + size.nMax) / 2)?.dir;
  if (!dir) throw new UsageError(`no model shipped for ${task}; pass --model DIR`);
  const { net, manifest } = await loadNetwork(dir);
  if (manifest.data.task !== task) throw new UsageError(`the model in ${dir} solves ${manifest.data.task}, not ${task}`);
  const sets = samplePointSets(count, size, seed);
  process.stderr.write(`model: ${dir} (trained on n=${JSON.stringify(manifest.data.n)}, ${manifest.step} steps); ${count} instances, n=${nText}, seed ${seed}\n`);
  const rows = evaluationRows(task, net, sets, { beam: args.int('beam', 10, 0), samples: args.int('samples', 64, 0), seed, symmetries: symmetriesFlag(args) }, (msg) => process.stderr.write(`${msg}\n`));
  console.log(formatTable(rows));
  net.dispose();
  return 0;
}

export { EVAL_USAGE };
