"""Writes the PointerNetwork parity fixtures of packages/seq2seq/src/torch/pointer-fixtures: for a
few configs (both encoders, every task's output rules, 0 to 2 glimpses, with and without clipping,
1 and 2 LSTM layers), random weights (a PyTorch state dict in safetensors, the config in its
metadata) and what PyTorch computes from them on a padded batch of three point sets: the
teacher-forced log-probabilities of every step, the loss, and greedy decoding (positions, the
log-probabilities of every step it took, the answers in input indices).

    cd python && /usr/bin/python3 -m seq2seq_torch.make_pointer_fixtures ../packages/seq2seq/src/torch/pointer-fixtures
"""
from __future__ import annotations

import json
import os
import random
import sys

import torch

from .checkpoint import save_torch_checkpoint
from .pointer import PointerNetwork
from .pointer_config import PRESETS
from .pointer_data import convex_hull, random_points

CONFIGS = {
    "hull-lstm": {"inputSize": 2, "embeddingSize": 4, "hiddenSize": 5, "numLayers": 2, "attentionSize": 3, "numGlimpses": 1, "clip": 10,
                  "rules": PRESETS["convex-hull"], "seed": 1},
    "tsp-lstm": {"inputSize": 2, "embeddingSize": 3, "hiddenSize": 4, "numGlimpses": 0, "clip": None, "rules": PRESETS["tsp"], "seed": 2},
    "tsp-attention": {"inputSize": 2, "embeddingSize": 6, "hiddenSize": 4, "numLayers": 2, "encoder": "attention", "numEncoderLayers": 2,
                      "numHeads": 2, "feedForwardSize": 7, "attentionSize": 5, "numGlimpses": 2, "clip": None, "rules": PRESETS["tsp"], "seed": 3},
    "delaunay-attention": {"inputSize": 2, "embeddingSize": 4, "hiddenSize": 4, "encoder": "attention", "numEncoderLayers": 1, "numHeads": 2,
                           "feedForwardSize": 8, "numGlimpses": 0, "clip": 5, "rules": PRESETS["delaunay"], "seed": 4},
    "hull-attention": {"inputSize": 2, "embeddingSize": 8, "hiddenSize": 8, "encoder": "attention", "numEncoderLayers": 2, "numHeads": 4,
                       "numGlimpses": 1, "clip": 10, "rules": PRESETS["convex-hull"], "seed": 5},
}

LENGTHS = [6, 4, 5]


def targets_for(task_rules: dict, points: list[list[list[float]]], rng: random.Random) -> list[list[int]]:
    """Hulls (the exact ones), tours from 0 (random), or triangles (random, distinct within each)."""
    if task_rules["groupSize"] == 3:
        return [sum((rng.sample(range(len(p)), 3) for _ in range(2)), []) for p in points]
    if not task_rules["variableLength"]:
        return [[0] + rng.sample(range(1, len(p)), len(p) - 1) for p in points]
    return [convex_hull(p) for p in points]


def main(out_dir: str) -> None:
    os.makedirs(out_dir, exist_ok=True)
    torch.set_num_threads(1)
    for name, config in CONFIGS.items():
        net = PointerNetwork(config).eval()
        with torch.no_grad():  # bolder weights than the defaults, so greedy outputs vary and a dropped term shows
            for _, p in net.named_parameters():
                p.uniform_(-1.0, 1.0)
        rng = random.Random(7)
        sets = [random_points(rng, n) for n in LENGTHS]
        N = max(LENGTHS)
        points = torch.zeros(len(sets), N, 2)
        for b, s in enumerate(sets):
            points[b, : len(s)] = torch.tensor(s, dtype=torch.float32)
        lengths = torch.tensor(LENGTHS)
        rows = targets_for(net.config["rules"], sets, rng)
        targets, target_lengths = net.to_positions(rows)
        with torch.no_grad():
            log_probs = net(points, lengths, targets, target_lengths)
            loss = net.loss(points, lengths, targets, target_lengths)
        greedy = net.greedy(points, lengths)
        save_torch_checkpoint(net, os.path.join(out_dir, f"{name}.safetensors"), config)
        fixture = {
            "config": config,
            "points": points.flatten().tolist(), "lengths": LENGTHS, "maxN": N,
            "targets": rows, "positions": targets.flatten().tolist(), "targetLengths": target_lengths.tolist(), "time": targets.shape[1],
            "logProbs": [round(v, 6) for v in log_probs.flatten().tolist()], "logProbsShape": list(log_probs.shape),
            "loss": round(float(loss), 7),
            "greedy": {
                "positions": [g[0] for g in greedy], "logProbs": [round(g[1], 6) for g in greedy],
                "stepLogProbs": [[[round(v, 6) for v in step] for step in g[2]] for g in greedy],
                "answers": [net.from_positions(g[0], n) for g, n in zip(greedy, LENGTHS)],
            },
        }
        with open(os.path.join(out_dir, f"{name}.json"), "w") as f:
            json.dump(fixture, f, separators=(",", ":"))
            f.write("\n")
        print(name, "loss", fixture["loss"], "greedy", fixture["greedy"]["answers"])


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../packages/seq2seq/src/torch/pointer-fixtures")
