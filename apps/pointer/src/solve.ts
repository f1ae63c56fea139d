/** `seq2seq-pointer solve`: JSON lines on stdin -> one JSON line per input on stdout. */
import { Rng } from '@seq2seq/core';
import type { Point } from '@seq2seq/datasets';
import { solvePointSets, type PointerNetwork, type SolveOptions } from '@seq2seq/seq2seq';
import { readLineBatches } from '../../../scripts/cli/lines';
import { answerPicture } from './answer-picture';
import { Args, UsageError } from './args';
import { loadNetwork } from './checkpoint';
import { symmetriesFlag } from './evaluate';
import { solveLines } from './lines';
import { nearestShippedModel, pointerTask, shippedModels } from './tasks';
import { SOLVE_USAGE } from './usage';

/** Runs `solve`; returns the exit code. */
export async function solve(args: Args): Promise<number> {
  const task = pointerTask(args.string('task'));
  const given = args.string('model');
  const dirs = given !== undefined ? [given] : shippedModels(task).map((m) => m.dir);
  if (dirs.length === 0) throw new UsageError(`no model shipped for ${task}; pass --model DIR`);
  const nets = new Map<string, PointerNetwork>();
  for (const dir of dirs) {
    const { net, manifest } = await loadNetwork(dir);
    if (manifest.data.task !== task) throw new UsageError(`the model in ${dir} solves ${manifest.data.task}, not ${task}`);
    nets.set(dir, net);
    if (given !== undefined) process.stderr.write(`model: ${dir} (${task}, trained on n=${JSON.stringify(manifest.data.n)})\n`);
  }
  const options: SolveOptions = {
    twoOpt: args.flag('two-opt'),
    rng: new Rng(args.int('seed', 0, 0)),
    symmetries: symmetriesFlag(args),
    mirroredOutput: task === 'convex-hull' ? 'reverse' : 'keep',
  };
  if (args.has('beam')) Object.assign(options, { method: 'beam', beamWidth: args.int('beam', 10) });
  if (args.has('samples')) Object.assign(options, { method: 'sample', samples: args.int('samples', 64) });
  const batch = args.int('batch', 64);
  const announced = new Set<number>();
  /** The model for a set of `n` points: --model, else the shipped one trained nearest n. */
  const modelFor = (n: number): string => {
    if (given !== undefined) return given;
    const { dir, trainedN } = nearestShippedModel(task, n)!;
    if (!announced.has(n)) {
      announced.add(n);
      process.stderr.write(`model: ${dir} (trained on n=${trainedN}) for ${n} points, the shipped ${task} model trained nearest that size (--model DIR picks one)\n`);
    }
    return dir;
  };
  const solver = (sets: Point[][]): number[][] => {
    const answers: number[][] = new Array(sets.length);
    const groups = new Map<string, number[]>();
    sets.forEach((set, i) => {
      const dir = modelFor(set.length);
      groups.set(dir, [...(groups.get(dir) ?? []), i]);
    });
    for (const [dir, indices] of groups) {
      const solved = solvePointSets(nets.get(dir)!, indices.map((i) => sets[i]!), options);
      indices.forEach((i, k) => (answers[i] = solved[k]!));
    }
    return answers;
  };
  const note = (message: string) => process.stderr.write(`note: ${message}\n`);
  // A picture of each answer: on a terminal by default (--draw=false turns it off), and with
  // --draw when stdout is a pipe, on stderr then, so that stdout stays one JSON line per input.
  const draw = args.has('draw') ? args.flag('draw') : process.stdout.isTTY === true;
  const pictures = process.stdout.isTTY ? process.stdout : process.stderr;
  let block: Array<{ text: string; line: number }> = [];
  const flush = () => {
    solveLines(task, block, solver, note).forEach((out, i) => {
      process.stdout.write(`${out}\n`);
      const picture = draw ? answerPicture(task, block[i]!.text, out, pictures.columns) : null;
      if (picture) pictures.write(`${picture}\n\n`);
    });
    block = [];
  };
  // Lines come in blocks of --batch, or what has arrived when the input pauses: a line typed at
  // a terminal (or sent by a program waiting for the answer) is answered at once.
  for await (const { lines, firstLine } of readLineBatches(process.stdin, { maxLines: batch })) {
    block = lines.map((text, i) => ({ text, line: firstLine + i }));
    flush();
  }
  for (const net of nets.values()) net.dispose();
  return 0;
}

export { SOLVE_USAGE };
