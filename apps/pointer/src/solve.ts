/** `seq2seq-pointer solve`: JSON lines on stdin -> one JSON line per input on stdout. */
import { createInterface } from 'node:readline';
import { Rng } from '@seq2seq/core';
import { solvePointSets, type SolveOptions } from '@seq2seq/seq2seq';
import { Args, UsageError } from './args';
import { loadNetwork } from './checkpoint';
import { symmetriesFlag } from './evaluate';
import { solveLines } from './lines';
import { defaultModelDir, pointerTask } from './tasks';

export const SOLVE_USAGE = `usage: seq2seq-pointer solve --task hull|delaunay|tsp [options] < points.jsonl

Reads one {"points": [[x, y], ...]} per line (coordinates in the unit square, as in training)
and writes one line per input, in order:
  hull      {"hull": [i, ...]}              hull vertices, counter-clockwise
  delaunay  {"triangles": [[i, j, k], ...]}
  tsp       {"tour": [0, ...]}              a permutation starting at 0
A line that is not JSON, has fewer than 3 points or a non-finite number gets
{"error": "...", "line": N}; the other lines still run.

options:
  --beam N       beam search of width N (valid outputs only); default greedy
  --samples N    best of N sampled outputs (tsp: the shortest tour)
  --two-opt      tsp: polish each tour with 2-opt
  --symmetries K also decode the 4 rotations (4) or all 8 symmetries (8) of the square; keep the
                 most probable answer (tsp: the shortest tour)
  --model DIR    a checkpoint folder (default: the shipped model of the task)
  --batch N      inputs decoded together (default 64)
  --seed S       seed of sampling (default 0)
  --backend B    wasm (default), cpu or webgpu`;

/** Runs `solve`; returns the exit code. */
export async function solve(args: Args): Promise<number> {
  const task = pointerTask(args.string('task'));
  const dir = args.string('model') ?? defaultModelDir(task);
  if (!dir) throw new UsageError(`no model shipped for ${task}; pass --model DIR`);
  const { net, info } = await loadNetwork(dir);
  if (info.task !== task) throw new UsageError(`the model in ${dir} solves ${info.task}, not ${task}`);
  process.stderr.write(`model: ${dir} (${info.task}, trained on n=${JSON.stringify(info.n)})\n`);
  const options: SolveOptions = {
    twoOpt: args.flag('two-opt'),
    rng: new Rng(args.int('seed', 0, 0)),
    symmetries: symmetriesFlag(args),
    mirroredOutput: task === 'convex-hull' ? 'reverse' : 'keep',
  };
  if (args.has('beam')) Object.assign(options, { method: 'beam', beamWidth: args.int('beam', 10) });
  if (args.has('samples')) Object.assign(options, { method: 'sample', samples: args.int('samples', 64) });
  const batch = args.int('batch', 64);
  const solver = (sets: Parameters<typeof solvePointSets>[1]) => solvePointSets(net, sets, options);
  let block: Array<{ text: string; line: number }> = [];
  const flush = () => {
    for (const out of solveLines(task, block, solver as never)) process.stdout.write(`${out}\n`);
    block = [];
  };
  let line = 0;
  for await (const text of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    block.push({ text, line: ++line });
    if (block.length >= batch) flush();
  }
  flush();
  net.dispose();
  return 0;
}
