"""Trains the Seq2Seq reference on the files of `seq2seq-translate prepare-torch`, on one process or
many (DistributedDataParallel), and writes a safetensors checkpoint for `import-torch`.

    # one process
    python -m seq2seq_torch.train --data DIR --out model.safetensors
    # two processes on this machine (gloo on CPU); on a cluster: --nnodes, --rdzv-endpoint, nccl
    torchrun --nproc_per_node 2 -m seq2seq_torch.train --data DIR --out model.safetensors

Each process takes every world-size-th batch of the same seeded shuffle; DDP averages the
gradients, so an optimiser step sees world-size batches (scale --lr or --batch-size to taste).
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import time

import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel

from .checkpoint import save_torch_checkpoint
from .model import Seq2Seq


def read_pairs(path: str) -> list[tuple[list[int], list[int]]]:
    with open(path) as f:
        return [tuple(json.loads(line)) for line in f if line.strip()]


def pad(rows: list[list[int]]) -> tuple[torch.Tensor, torch.Tensor]:
    lengths = torch.tensor([len(r) for r in rows])
    out = torch.zeros(len(rows), int(lengths.max()), dtype=torch.long)
    for i, r in enumerate(rows):
        out[i, : len(r)] = torch.tensor(r)
    return out, lengths


def batches(pairs, batch_size: int, seed: int | None):
    """Length-bucketed batches: shuffled (seeded) chunks of 50 batches sorted by source length."""
    order = list(range(len(pairs)))
    if seed is not None:
        random.Random(seed).shuffle(order)
    chunk = batch_size * 50
    out = []
    for c in range(0, len(order), chunk):
        part = sorted(order[c : c + chunk], key=lambda i: len(pairs[i][0]))
        out += [part[i : i + batch_size] for i in range(0, len(part), batch_size)]
    if seed is not None:
        random.Random(seed + 1).shuffle(out)
    return [(*pad([pairs[i][0] for i in b]), *pad([pairs[i][1] for i in b])) for b in out]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True, help="directory written by 'seq2seq-translate prepare-torch'")
    p.add_argument("--config", help="model config JSON (default: DATA/config.json)")
    p.add_argument("--out", required=True, help="safetensors file to write (rank 0)")
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--batch-size", type=int, default=64, help="pairs per batch per process")
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--clip", type=float, default=1.0)
    p.add_argument("--label-smoothing", type=float, default=0.0)
    p.add_argument("--max-minutes", type=float, default=0, help="stop (and save) after this many minutes (0: no limit)")
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

    with open(a.config or os.path.join(a.data, "config.json")) as f:
        config = json.load(f)
    model = Seq2Seq(config)  # seeded by config.seed: every rank starts from the same weights
    net = DistributedDataParallel(model) if distributed else model
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    train = read_pairs(os.path.join(a.data, "train.jsonl"))
    dev = batches(read_pairs(os.path.join(a.data, "dev.jsonl")), 64, None)
    params = sum(t.numel() for t in model.parameters())
    log(f"{len(train)} training pairs, {params} parameters, {world} process(es) x {a.threads} thread(s)")

    start = time.time()
    step = 0
    stop = False
    history = []
    for epoch in range(1, a.epochs + 1):
        all_batches = batches(train, a.batch_size, a.seed + epoch)
        n = len(all_batches) // world * world
        mine = all_batches[rank:n:world]
        model.train()
        total, count, tokens = 0.0, 0, 0
        t0 = time.time()
        for src, src_len, tgt, tgt_len in mine:
            logits = net(src, src_len, tgt, tgt_len)
            labels = tgt[:, 1:]
            mask = torch.arange(labels.shape[1]).unsqueeze(0) < (tgt_len - 1).clamp(min=1).unsqueeze(1)
            loss = torch.nn.functional.cross_entropy(logits[mask], labels[mask], label_smoothing=a.label_smoothing)
            opt.zero_grad()
            loss.backward()
            if a.clip > 0:
                torch.nn.utils.clip_grad_norm_(model.parameters(), a.clip)
            opt.step()
            step += 1
            total += float(loss)
            count += 1
            tokens += int(mask.sum())
            if step % 50 == 0:
                log(f"epoch {epoch} step {step} loss {total / count:.3f} {tokens * world / (time.time() - t0):.0f} target tokens/s")
            if a.max_minutes > 0:
                flag = torch.tensor([1.0 if time.time() - start > a.max_minutes * 60 else 0.0])
                if distributed:
                    dist.all_reduce(flag, op=dist.ReduceOp.MAX)
                if flag.item() > 0:
                    stop = True
                    break
        model.eval()
        with torch.no_grad():
            dev_loss = sum(float(model.loss(*b)) * len(b[0]) for b in dev) / max(1, sum(len(b[0]) for b in dev))
        entry = {"epoch": epoch, "step": step, "seconds": round(time.time() - start, 1), "trainLoss": round(total / max(1, count), 4), "devLoss": round(dev_loss, 4)}
        history.append(entry)
        log(json.dumps(entry))
        if rank == 0:
            save_torch_checkpoint(model, a.out, config, step, {"history": history, "world": world, "batchSize": a.batch_size, "lr": a.lr})
        if stop:
            break
    log(f"done: {step} steps in {time.time() - start:.0f} s, dev loss {history[-1]['devLoss']}, perplexity {math.exp(history[-1]['devLoss']):.1f}; wrote {a.out}")
    if distributed:
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
