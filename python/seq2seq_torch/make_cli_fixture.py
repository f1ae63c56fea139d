"""Writes the import-torch fixture of apps/translate: a tiny dates model trained here for a few
hundred steps, the data.json it was trained with, and PyTorch's greedy decodes of dev sources.

    seq2seq-translate prepare-torch --task dates --count 3000 --embedding 16 --hidden 16 \\
      --decoder-hidden 32 --dropout 0 --out /tmp/dates-tiny
    /usr/bin/python3 -m seq2seq_torch.make_cli_fixture /tmp/dates-tiny ../apps/translate/test/fixtures/torch-dates
"""
from __future__ import annotations

import json
import os
import shutil
import sys

import torch

from .checkpoint import save_torch_checkpoint
from .model import Seq2Seq
from .train import batches, pad, read_pairs


def main(data_dir: str, out_dir: str, steps: int = 400) -> None:
    torch.set_num_threads(1)
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(data_dir, "config.json")) as f:
        config = json.load(f)
    model = Seq2Seq(config)
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    train = batches(read_pairs(os.path.join(data_dir, "train.jsonl")), 32, 1)
    model.train()
    for step in range(steps):
        loss = model.loss(*train[step % len(train)])
        opt.zero_grad()
        loss.backward()
        opt.step()
    model.eval()
    dev = read_pairs(os.path.join(data_dir, "dev.jsonl"))[:6]
    src, src_len = pad([s for s, _ in dev])
    greedy = model.greedy(src, src_len, 1, 2, 24)
    save_torch_checkpoint(model, os.path.join(out_dir, "model.safetensors"), config, steps)
    shutil.copy(os.path.join(data_dir, "data.json"), os.path.join(out_dir, "data.json"))
    with open(os.path.join(out_dir, "expected.json"), "w") as f:
        json.dump({"sources": [s for s, _ in dev], "greedy": [g[0] for g in greedy], "maxLength": 24, "steps": steps, "lastLoss": round(float(loss), 4)}, f)
        f.write("\n")
    print("loss", float(loss), "greedy", greedy[:2])


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
