"""Writes the import-torch fixture of apps/pointer: a hull model trained with train_pointer (copied),
and what PyTorch answers on a few fresh point sets (greedy hulls and their log-probabilities).

    torchrun --nproc_per_node 2 -m seq2seq_torch.train_pointer --task hull --n-min 5 --n-max 10 \\
      --hidden 64 --lr 2e-3 --max-minutes 2 --out /tmp/hull.safetensors
    /usr/bin/python3 -m seq2seq_torch.make_pointer_cli_fixture /tmp/hull.safetensors ../apps/pointer/test/fixtures/torch-hull
"""
from __future__ import annotations

import json
import os
import random
import shutil
import sys

import torch

from .pointer import PointerNetwork
from .pointer_data import canonical, convex_hull, random_points
from .safetensors_io import load_safetensors


def main(model_path: str, out_dir: str, count: int = 8) -> None:
    torch.set_num_threads(1)
    os.makedirs(out_dir, exist_ok=True)
    state, meta = load_safetensors(model_path)
    net = PointerNetwork(json.loads(meta["config"])).eval()
    net.load_state_dict(state)
    rng = random.Random(2015)
    sets = [random_points(rng, rng.randint(5, 10)) for _ in range(count)]
    answers, log_probs = [], []
    for pts in sets:  # one at a time: what `solve` does with a batch is checked by the parity fixtures
        pos, lp, _ = net.greedy(torch.tensor([pts], dtype=torch.float32), torch.tensor([len(pts)]))[0]
        answers.append(net.from_positions(pos, len(pts)))
        log_probs.append(round(lp, 5))
    shutil.copy(model_path, os.path.join(out_dir, "model.safetensors"))
    exact = sum(canonical(a) == convex_hull(p) for a, p in zip(answers, sets))
    with open(os.path.join(out_dir, "expected.json"), "w") as f:
        json.dump({"points": sets, "hulls": answers, "logProbs": log_probs, "exact": exact, "step": int(meta.get("step", 0))}, f)
        f.write("\n")
    print("answers", answers, "exact", exact, "of", count)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
