"""Trains the PointerNetwork reference (supervised, teacher forcing) on one process or many
(DistributedDataParallel), and writes a safetensors checkpoint for `seq2seq-pointer import-torch`.

    # one process, convex hulls of 5..20 points generated here (as @seq2seq/datasets does)
    python -m seq2seq_torch.train_pointer --task hull --n-min 5 --n-max 20 --out hull.safetensors
    # two processes on this machine (gloo on CPU); on a cluster: --nnodes, --rdzv-endpoint, nccl
    torchrun --nproc_per_node 2 -m seq2seq_torch.train_pointer --task hull --out hull.safetensors
    # any task from a file of {"points": [[x, y], ...], "target": [i, ...]} lines (--rules from the task)
    python -m seq2seq_torch.train_pointer --task delaunay --train train.jsonl --dev dev.jsonl --out d.safetensors
    # fine-tune a model of the app (seq2seq-pointer export-torch --model DIR --out m.safetensors)
    python -m seq2seq_torch.train_pointer --task hull --n-min 50 --n-max 50 --init m.safetensors --out tuned.safetensors

Each process takes every world-size-th batch of the same seeded shuffle; DDP averages the
gradients, so an optimiser step sees world-size batches.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import time

import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel

from .checkpoint import save_torch_checkpoint
from .pointer import PointerNetwork
from .pointer_config import PRESETS
from .safetensors_io import load_safetensors
from .pointer_data import canonical, hull_examples, orient_target, polygon_area, read_examples

TASKS = {"hull": "convex-hull", "convex-hull": "convex-hull", "delaunay": "delaunay", "tsp": "tsp"}


class _Loss(torch.nn.Module):
    """The network's mean NLL as a forward pass, so DistributedDataParallel sees it."""

    def __init__(self, net: PointerNetwork):
        super().__init__()
        self.net = net

    def forward(self, *batch):
        return self.net.loss(*batch)


def batch_of(net: PointerNetwork, examples, task: str):
    """(points [B, N, 2], lengths [B], pointer-position targets [B, T], target lengths [B]); targets
    in the app's training convention (`orient_target`: a hull from its lowest point, not its lowest index)."""
    N = max(len(p) for p, _ in examples)
    points = torch.zeros(len(examples), N, 2)
    for b, (p, _) in enumerate(examples):
        points[b, : len(p)] = torch.tensor(p, dtype=torch.float32)
    lengths = torch.tensor([len(p) for p, _ in examples])
    targets, target_lengths = net.to_positions([orient_target(task, p, t) for p, t in examples])
    return points, lengths, targets, target_lengths


def evaluate(net: PointerNetwork, dev, task: str) -> dict:
    """Dev loss and, for hulls, greedy accuracy (the sequence, rotated to its lowest index, is the hull) and area
    coverage (|area| over the hull's; unlike apps/pointer's eval, a self-intersecting answer is not zeroed)."""
    net.eval()
    with torch.no_grad():
        loss, count, exact, area = 0.0, 0, 0, 0.0
        for i in range(0, len(dev), 128):
            chunk = dev[i : i + 128]
            b = batch_of(net, chunk, task)
            loss += float(net.loss(*b)) * len(chunk)
            count += len(chunk)
            if task == "convex-hull":
                for (pts, gold), (pos, _, _) in zip(chunk, net.greedy(b[0], b[1])):
                    got = net.from_positions(pos, len(pts))
                    exact += int(canonical(got) == canonical(gold))
                    area += polygon_area(pts, got) / max(polygon_area(pts, gold), 1e-12)
    net.train()
    out = {"devLoss": round(loss / max(1, count), 4)}
    if task == "convex-hull":
        out.update(accuracy=round(exact / count, 4), area=round(area / count, 4))
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--task", default="hull", choices=sorted(TASKS), help="output rules (and, for hull, the generated data)")
    p.add_argument("--config", help="network config JSON (default: an LSTM pointer network with the task's rules)")
    p.add_argument("--init", help="start from this safetensors state dict (e.g. from 'seq2seq-pointer export-torch'); its config unless --config")
    p.add_argument("--out", required=True, help="safetensors file to write (rank 0)")
    p.add_argument("--train", help="JSON lines of {points, target} to train on (default: generated hulls)")
    p.add_argument("--dev", help="JSON lines of {points, target} for evaluation (default: generated hulls)")
    p.add_argument("--n-min", type=int, default=5, help="points per generated set, least")
    p.add_argument("--n-max", type=int, default=20, help="points per generated set, most")
    p.add_argument("--count", type=int, default=20000, help="generated training sets")
    p.add_argument("--dev-count", type=int, default=200, help="generated dev sets (of n-max points)")
    p.add_argument("--hidden", type=int, default=64, help="hiddenSize and embeddingSize of the default config")
    p.add_argument("--encoder", default="lstm", choices=["lstm", "attention"], help="encoder of the default config")
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--batch-size", type=int, default=64, help="sets per batch per process")
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--clip", type=float, default=2.0, help="gradient-norm clipping (0: none)")
    p.add_argument("--max-minutes", type=float, default=0, help="stop (and save) after this many minutes (0: no limit)")
    p.add_argument("--eval-every", type=int, default=200, help="steps between dev evaluations (and saves)")
    p.add_argument("--threads", type=int, default=1, help="torch threads per process")
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    distributed = "WORLD_SIZE" in os.environ and int(os.environ["WORLD_SIZE"]) > 1
    if distributed:
        dist.init_process_group("gloo" if not torch.cuda.is_available() else "nccl")
    rank = dist.get_rank() if distributed else 0
    world = dist.get_world_size() if distributed else 1
    log = (lambda *m: print(*m, flush=True)) if rank == 0 else (lambda *m: None)

    task = TASKS[a.task]
    init, meta = load_safetensors(a.init) if a.init else (None, {})
    if a.config:
        with open(a.config) as f:
            config = json.load(f)
    elif "config" in meta:
        config = json.loads(meta["config"])
    else:
        config = {"inputSize": 2, "embeddingSize": a.hidden, "hiddenSize": a.hidden, "encoder": a.encoder,
                  "numHeads": 4, "numEncoderLayers": 2, "numGlimpses": 1, "clip": 10, "rules": PRESETS[task], "seed": a.seed}
    net = PointerNetwork(config)  # seeded by config.seed: every rank starts from the same weights
    if init is not None:
        net.load_state_dict(init)
    model = _Loss(net)
    ddp = DistributedDataParallel(model) if distributed else model
    opt = torch.optim.Adam(net.parameters(), lr=a.lr)
    if a.train:
        train = read_examples(a.train)
    elif task == "convex-hull":
        train = hull_examples(a.seed, a.count, a.n_min, a.n_max)
    else:
        raise SystemExit(f"--task {a.task} needs --train FILE (only hulls are generated here)")
    dev = read_examples(a.dev) if a.dev else hull_examples(a.seed + 10_000, a.dev_count, a.n_max, a.n_max) if task == "convex-hull" else train[: a.dev_count]
    sizes = sorted({len(p) for p, _ in train})
    size = sizes[0] if len(sizes) == 1 else [sizes[0], sizes[-1]]
    params = sum(t.numel() for t in net.parameters())
    log(f"{len(train)} training sets, {params} parameters, {world} process(es) x {a.threads} thread(s)")

    start = time.time()
    step, stop, history = 0, False, []
    total, count = 0.0, 0

    def checkpoint(epoch: int) -> None:
        nonlocal total, count
        entry = {"epoch": epoch, "step": step, "seconds": round(time.time() - start, 1), "trainLoss": round(total / max(1, count), 4), **evaluate(net, dev, task)}
        history.append(entry)
        total, count = 0.0, 0
        log(json.dumps(entry))
        if rank == 0:
            save_torch_checkpoint(net, a.out, config, step, {"history": history, "world": world, "batchSize": a.batch_size, "lr": a.lr, "task": task, "n": size})

    for epoch in range(1, a.epochs + 1):
        order = list(range(len(train)))
        random.Random(a.seed + epoch).shuffle(order)
        batches = [order[i : i + a.batch_size] for i in range(0, len(order) - a.batch_size + 1, a.batch_size)]
        n = len(batches) // world * world
        for idx in batches[rank:n:world]:
            loss = ddp(*batch_of(net, [train[i] for i in idx], task))
            opt.zero_grad()
            loss.backward()
            if a.clip > 0:
                torch.nn.utils.clip_grad_norm_(net.parameters(), a.clip)
            opt.step()
            step += 1
            total += float(loss)
            count += 1
            if a.max_minutes > 0:
                flag = torch.tensor([1.0 if time.time() - start > a.max_minutes * 60 else 0.0])
                if distributed:
                    dist.all_reduce(flag, op=dist.ReduceOp.MAX)
                stop = flag.item() > 0
            if stop or step % a.eval_every == 0:
                checkpoint(epoch)
            if stop:
                break
        if stop:
            break
    if not history or history[-1]["step"] != step:
        checkpoint(epoch)
    log(f"done: {step} steps in {time.time() - start:.0f} s; wrote {a.out}")
    if distributed:
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
