/**
 * The usage of every command, apart from the commands' code, so that `--help` answers without
 * loading TensorFlow.js or a model.
 */

export const SOLVE_USAGE = `usage: seq2seq-pointer solve --task hull|delaunay|tsp [options] < points.jsonl

Reads one {"points": [[x, y], ...]} per line and writes one line per input line, in order
(output line N answers input line N):
  hull      {"hull": [i, ...]}              hull vertices, counter-clockwise
  delaunay  {"triangles": [[i, j, k], ...]}
  tsp       {"tour": [0, ...]}              a permutation starting at 0
A line that is blank, not JSON, has fewer than 3 points or a non-finite number gets
{"error": "...", "line": N}; the other lines still run. Points outside the unit square (where
the models were trained) are moved into it by one translation and one uniform scale, which does
not change the answer's indices; stderr says so.

options:
  --beam N       beam search of width N (valid outputs only); default greedy
  --samples N    best of N sampled outputs (tsp: the shortest tour)
  --two-opt      tsp: polish each tour with 2-opt
  --symmetries K also decode the 4 rotations (4) or all 8 symmetries (8) of the square; keep the
                 most probable answer (tsp: the shortest tour)
  --model DIR    a checkpoint folder (default: for each input, the shipped model of the task
                 trained nearest its number of points; stderr says which)
  --batch N      inputs decoded together (default 64)
  --seed S       seed of sampling (default 0)
  --draw         a picture of each answer (points and the tour, hull or triangles on a character
                 grid): on by default when stdout is a terminal (--draw=false: off); with stdout
                 piped it goes to stderr, so stdout stays one JSON line per input
  --backend B    wasm (default), cpu or webgpu`;

export const TRAIN_USAGE = `usage: seq2seq-pointer train --task hull|delaunay|tsp --n N|NMIN-NMAX --out DIR [options]

Trains a pointer network and writes a checkpoint to DIR (checkpoint.json, model.safetensors,
optimizer.safetensors) after every epoch and on any stop (Ctrl-C, --minutes, divergence); the
best epoch on dev loss also goes to DIR/best. --resume continues exactly where it stopped
(checkpoints of the app's earlier config.json format too).

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
  --workers N|auto      worker threads sharing each batch (supervised; auto: one per core;
                        default 1: this thread only)
  --backend B           wasm (default), cpu or webgpu`;

export const EVAL_USAGE = `usage: seq2seq-pointer eval --task hull|delaunay|tsp --n N [options]

Scores the model on fresh instances and prints a markdown table in the paper's form:
the model (greedy, beam, best-of-N sampling, +2-opt for tsp) beside the exact answer and,
for tsp, the heuristics (nearest neighbour, farthest insertion, 2-opt).

options:
  --n N | NMIN-NMAX  points per instance
  --count C          instances (default 1000)
  --beam N           beam width (default 10; 0 skips beam search)
  --samples N        samples per instance (default 64; 0 skips sampling)
  --symmetries K     also the best of K views of each set (4: rotations, 8: and reflections)
  --model DIR        checkpoint folder (default: the shipped model of the task trained
                     nearest --n)
  --seed S           seed of the instances (default 2015; training uses other seeds)
  --backend B        wasm (default), cpu or webgpu`;

export const IMPORT_TORCH_USAGE = `usage: seq2seq-pointer import-torch --from FILE.safetensors --out DIR [options]

Turns a pointer network trained with the PyTorch reference (python/seq2seq_torch/train_pointer.py,
one process or many with torchrun) into a checkpoint that solve, eval, train --resume and the web
page load unchanged. The file's metadata gives the config, the task and the training size.

options:
  --from FILE        safetensors state dict of seq2seq_torch.pointer.PointerNetwork
  --out DIR          checkpoint folder to write
  --config FILE      the network's JSON config (default: the one in the file's metadata)
  --task T           hull, delaunay or tsp (default: the metadata's, or the one whose rules the config has)
  --n N | NMIN-NMAX  points per training instance (default: the metadata's)
  --float16          store the weights as float16
  --backend B        wasm, cpu (default: wasm) or webgpu`;

export const EXPORT_TORCH_USAGE = `usage: seq2seq-pointer export-torch --model DIR --out FILE.safetensors

Writes a checkpoint (either format, the shipped models too) as the state dict of the PyTorch
reference, seq2seq_torch.pointer.PointerNetwork, with the config, task and training size in
its metadata: load it with load_safetensors and load_state_dict, or fine-tune it with
train_pointer --init FILE.

options:
  --model DIR        checkpoint folder
  --out FILE         safetensors file to write
  --backend B        wasm, cpu (default: wasm) or webgpu`;
