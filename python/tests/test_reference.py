"""Checks of the PyTorch side (run where torch is installed; CI checks the TypeScript side on the
committed fixtures):

    cd python && python -m unittest discover -s tests
"""
from __future__ import annotations

import json
import os
import tempfile
import unittest

import torch

from seq2seq_torch import Seq2Seq, UnsupportedConfig, load_safetensors, resolve_config, save_safetensors
from seq2seq_torch import make_fixtures

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "..", "packages", "seq2seq", "src", "torch", "fixtures")


class Reference(unittest.TestCase):
    def test_fixtures_are_reproduced(self):
        """The committed fixtures are what this code computes now (a change here must regenerate them)."""
        with tempfile.TemporaryDirectory() as tmp:
            make_fixtures.main(tmp)
            for name in make_fixtures.CONFIGS:
                with open(os.path.join(tmp, f"{name}.json")) as f, open(os.path.join(FIXTURES, f"{name}.json")) as g:
                    new, old = json.load(f), json.load(g)
                self.assertEqual(new["greedy"], old["greedy"], name)
                self.assertEqual([[h["tokens"] for h in b] for b in new["beam"]["hypotheses"]],
                                 [[h["tokens"] for h in b] for b in old["beam"]["hypotheses"]], name)
                self.assertLess(max(abs(a - b) for a, b in zip(new["logits"], old["logits"])), 1e-5, name)

    def test_safetensors_round_trip(self):
        t = {"a": torch.randn(3, 4), "b": torch.arange(5, dtype=torch.int32), "c": torch.randn(2).half()}
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "x.safetensors")
            save_safetensors(t, path, {"k": "v"})
            back, meta = load_safetensors(path)
        self.assertEqual(meta, {"k": "v"})
        for k, v in t.items():
            self.assertTrue(torch.equal(back[k], v), k)

    def test_refuses_what_it_does_not_implement(self):
        base = {"encoder": {"vocabSize": 5}, "decoder": {"vocabSize": 5}}
        for bad, words in [
            ({**base, "encoder": {"vocabSize": 5, "residual": 1}}, "layer index"),
            ({**base, "encoder": {"vocabSize": 5, "merge": "sum"}}, "merge"),
            ({**base, "decoder": {"vocabSize": 5, "cell": "transformer"}}, "decoder.cell"),
            ({**base, "decoder": {"vocabSize": 5, "attention": "none", "inputFeeding": True}}, "inputFeeding"),
        ]:
            with self.assertRaisesRegex(UnsupportedConfig, words):
                resolve_config(bad)

    def test_padding_does_not_change_a_sentence(self):
        """A sentence decodes the same alone and padded in a batch (masking, as the TypeScript runner)."""
        model = Seq2Seq({"encoder": {"vocabSize": 9, "embeddingSize": 4, "hiddenSize": 3, "cell": "lstm", "numLayers": 2},
                         "decoder": {"vocabSize": 7, "embeddingSize": 3, "hiddenSize": 5, "attention": "additive"}}).eval()
        alone = model.greedy(torch.tensor([[4, 5, 2]]), torch.tensor([3]), 1, 2, 6)
        padded = model.greedy(torch.tensor([[4, 5, 2, 0, 0], [6, 7, 8, 5, 2]]), torch.tensor([3, 5]), 1, 2, 6)
        self.assertEqual(alone[0][0], padded[0][0])
        self.assertAlmostEqual(alone[0][1], padded[0][1], places=4)


if __name__ == "__main__":
    unittest.main()
