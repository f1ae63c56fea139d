"""Writes the parity fixtures of packages/seq2seq/src/torch: for a few configs, random weights
(a PyTorch state dict in safetensors, the config in its metadata) and what PyTorch computes from
them: teacher-forced logits of a padded batch, greedy decodes and beam search (width 3).

    /usr/bin/python3 -m seq2seq_torch.make_fixtures ../packages/seq2seq/src/torch/fixtures
"""
from __future__ import annotations

import json
import os
import sys

import torch

from .checkpoint import save_torch_checkpoint
from .model import Seq2Seq

CONFIGS = {
    "gru-general": {"encoder": {"vocabSize": 13, "embeddingSize": 4, "hiddenSize": 5, "numLayers": 2, "residual": True},
                    "decoder": {"vocabSize": 11, "embeddingSize": 3, "hiddenSize": 6, "attention": "general"}, "seed": 1},
    "lstm-additive-feed": {"encoder": {"vocabSize": 13, "embeddingSize": 4, "hiddenSize": 3, "cell": "lstm", "reverseSource": True},
                           "decoder": {"vocabSize": 11, "embeddingSize": 3, "hiddenSize": 5, "cell": "lstm", "numLayers": 2,
                                       "attention": "additive", "inputFeeding": True, "attentionalSize": 4}, "seed": 2},
    "rnn-dot": {"encoder": {"vocabSize": 13, "embeddingSize": 4, "hiddenSize": 6, "cell": "rnn", "bidirectional": False, "numLayers": 2},
                "decoder": {"vocabSize": 11, "embeddingSize": 3, "hiddenSize": 6, "cell": "rnn", "numLayers": 2, "attention": "dot"}, "seed": 3},
    "gru-lstm-scaled-zeros": {"encoder": {"vocabSize": 13, "embeddingSize": 4, "hiddenSize": 3},
                              "decoder": {"vocabSize": 11, "embeddingSize": 3, "hiddenSize": 6, "cell": "lstm", "attention": "scaledDot"},
                              "bridge": "zeros", "seed": 4},
    "lstm-none": {"encoder": {"vocabSize": 13, "embeddingSize": 4, "hiddenSize": 4, "cell": "lstm", "embeddingInit": "uniform"},
                  "decoder": {"vocabSize": 11, "embeddingSize": 3, "hiddenSize": 5, "cell": "gru", "attention": "none"}, "seed": 5},
}

SOS, EOS = 1, 2


def batch(gen: torch.Generator, vocab_s: int, vocab_t: int):
    """Three padded pairs: sources end with <eos>, targets are <sos> y <eos>; ids 3.. are words."""
    src_len = torch.tensor([5, 2, 4])
    tgt_len = torch.tensor([6, 3, 4])
    src = torch.zeros(3, 5, dtype=torch.long)
    tgt = torch.zeros(3, 6, dtype=torch.long)
    for r in range(3):
        n = int(src_len[r])
        src[r, : n - 1] = torch.randint(3, vocab_s, (n - 1,), generator=gen)
        src[r, n - 1] = EOS
        m = int(tgt_len[r])
        tgt[r, 0] = SOS
        tgt[r, 1 : m - 1] = torch.randint(3, vocab_t, (m - 2,), generator=gen)
        tgt[r, m - 1] = EOS
    return src, src_len, tgt, tgt_len


def main(out_dir: str) -> None:
    os.makedirs(out_dir, exist_ok=True)
    torch.set_num_threads(1)
    for name, config in CONFIGS.items():
        model = Seq2Seq(config).eval()
        with torch.no_grad():  # bolder weights than the defaults, so greedy outputs vary and a dropped bias shows
            for k, p in model.named_parameters():
                if "embedding" not in k:
                    p.uniform_(-1.0, 1.0)
        gen = torch.Generator().manual_seed(7)
        src, src_len, tgt, tgt_len = batch(gen, config["encoder"]["vocabSize"], config["decoder"]["vocabSize"])
        with torch.no_grad():
            logits = model(src, src_len, tgt, tgt_len)
            loss = model.loss(src, src_len, tgt, tgt_len)
        greedy = model.greedy(src, src_len, SOS, EOS, 7)
        beam = model.beam(src, src_len, SOS, EOS, 7, beam_width=3, length_penalty=0.6)
        save_torch_checkpoint(model, os.path.join(out_dir, f"{name}.safetensors"), config)
        fixture = {
            "config": config,
            "source": src.flatten().tolist(), "sourceLengths": src_len.tolist(),
            "target": tgt.flatten().tolist(), "targetLengths": tgt_len.tolist(),
            "shape": {"batch": 3, "sourceTime": 5, "targetTime": 6},
            "logits": [round(v, 7) for v in logits.flatten().tolist()], "logitsShape": list(logits.shape),
            "loss": round(float(loss), 7),
            "greedy": {"startToken": SOS, "endToken": EOS, "maxLength": 7,
                       "tokens": [g[0] for g in greedy], "logProbs": [round(g[1], 6) for g in greedy]},
            "beam": {"startToken": SOS, "endToken": EOS, "maxLength": 7, "beamWidth": 3, "lengthPenalty": 0.6,
                     "hypotheses": [[{"tokens": h[0], "logProb": round(h[1], 6), "score": round(h[2], 6)} for h in hyps] for hyps in beam]},
        }
        with open(os.path.join(out_dir, f"{name}.json"), "w") as f:
            json.dump(fixture, f, separators=(",", ":"))
            f.write("\n")
        print(name, "loss", fixture["loss"], "greedy", fixture["greedy"]["tokens"])


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../packages/seq2seq/src/torch/fixtures")
