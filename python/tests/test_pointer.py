"""Checks of the PointerNetwork reference (run where torch is installed; CI checks the TypeScript
side on the committed fixtures):

    cd python && python -m unittest discover -s tests
"""
from __future__ import annotations

import json
import os
import random
import tempfile
import unittest

import torch

from seq2seq_torch import UnsupportedConfig, load_safetensors
from seq2seq_torch import make_pointer_fixtures
from seq2seq_torch.pointer import OutputTracker, PointerNetwork
from seq2seq_torch.pointer_config import PRESETS, resolve_pointer_config
from seq2seq_torch.pointer_data import convex_hull, orient_target, random_points

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
FIXTURES = os.path.join(ROOT, "packages", "seq2seq", "src", "torch", "pointer-fixtures")
CLI_FIXTURE = os.path.join(ROOT, "apps", "pointer", "test", "fixtures", "torch-hull")


class PointerReference(unittest.TestCase):
    def test_fixtures_are_reproduced(self):
        """The committed fixtures are what this code computes now (a change here must regenerate them)."""
        with tempfile.TemporaryDirectory() as tmp:
            make_pointer_fixtures.main(tmp)
            for name in make_pointer_fixtures.CONFIGS:
                with open(os.path.join(tmp, f"{name}.json")) as f, open(os.path.join(FIXTURES, f"{name}.json")) as g:
                    new, old = json.load(f), json.load(g)
                self.assertEqual(new["greedy"]["positions"], old["greedy"]["positions"], name)
                self.assertLess(max(abs(a - b) for a, b in zip(new["logProbs"], old["logProbs"])), 1e-4, name)

    def test_teacher_forcing_and_greedy_agree(self):
        """The all-steps form scores the greedy outputs as the step form did, for both encoders."""
        for encoder in ("lstm", "attention"):
            net = PointerNetwork({"embeddingSize": 8, "hiddenSize": 8, "encoder": encoder, "numHeads": 2, "numEncoderLayers": 1,
                                  "rules": PRESETS["convex-hull"], "seed": 3}).eval()
            rng = random.Random(1)
            sets = [random_points(rng, n) for n in (7, 4, 6)]
            points = torch.zeros(3, 7, 2)
            for b, s in enumerate(sets):
                points[b, : len(s)] = torch.tensor(s)
            lengths = torch.tensor([7, 4, 6])
            greedy = net.greedy(points, lengths)
            targets, target_lengths = net.to_positions([net.from_positions(g[0], 7) for g in greedy])
            with torch.no_grad():
                lp = net(points, lengths, targets, target_lengths)
            for b, (_, _, steps) in enumerate(greedy):
                for s, row in enumerate(steps):
                    allowed = torch.tensor(row) > -1e8
                    self.assertLess(float((lp[b, s][allowed] - torch.tensor(row)[allowed]).abs().max()), 1e-5, encoder)

    def test_padding_does_not_change_an_answer(self):
        net = PointerNetwork({"embeddingSize": 6, "hiddenSize": 6, "encoder": "attention", "numHeads": 2, "rules": PRESETS["tsp"]}).eval()
        pts = random_points(random.Random(2), 5)
        alone = net.greedy(torch.tensor([pts]), torch.tensor([5]))[0]
        padded = net.greedy(torch.tensor([pts + [[0.0, 0.0]] * 2, random_points(random.Random(3), 7)]), torch.tensor([5, 7]))[0]
        self.assertEqual(net.from_positions(alone[0], 5), net.from_positions(padded[0], 5))
        self.assertAlmostEqual(alone[1], padded[1], places=4)

    def test_rules(self):
        """The output rules of constraints.ts: no repeats, the end only after minOutputs, tours start at 0."""
        t = OutputTracker(PRESETS["convex-hull"], 4, 6)
        self.assertEqual(t.mask(), [1, 0, 0, 0, 0, 0])  # end slot closed before 3 outputs; padding left 0
        for p in (2, 4, 1):
            t.push(p)
        self.assertEqual(t.mask(), [0, 1, 1, 0, 1, 0])
        tour = OutputTracker(PRESETS["tsp"], 3, 4)
        self.assertEqual(tour.mask(), [0, 1, 1, 0])
        for p in (0, 2, 1):
            tour.push(p)
        self.assertEqual(tour.mask(), [0, 1, 1, 1])  # finished: position 0 forced, log 1 = 0

    def test_hull_convention(self):
        """Counter-clockwise from the lowest index, collinear boundary points left out."""
        pts = [[0.5, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0], [0.5, 0.5]]
        self.assertEqual(convex_hull(pts), [1, 2, 3, 4])
        # Training targets start at the lowest point, then the leftmost (apps/pointer's orientTarget).
        self.assertEqual(orient_target("convex-hull", pts, [1, 2, 3, 4]), [4, 1, 2, 3])
        self.assertEqual(orient_target("tsp", [[0, 0], [0.1, 0], [0.9, 0], [0.5, 0.5]], [0, 2, 3, 1]), [0, 1, 3, 2])

    def test_trained_fixture_answers(self):
        """The committed model trained with torchrun answers what expected.json says."""
        state, meta = load_safetensors(os.path.join(CLI_FIXTURE, "model.safetensors"))
        net = PointerNetwork(json.loads(meta["config"])).eval()
        net.load_state_dict(state)
        with open(os.path.join(CLI_FIXTURE, "expected.json")) as f:
            expected = json.load(f)
        for pts, hull in zip(expected["points"], expected["hulls"]):
            pos = net.greedy(torch.tensor([pts], dtype=torch.float32), torch.tensor([len(pts)]))[0][0]
            self.assertEqual(net.from_positions(pos, len(pts)), hull)

    def test_refuses_what_it_does_not_implement(self):
        for bad, words in [({"cell": "gru"}, "cell"), ({"encoder": "transformer"}, "encoder"), ({"hiddenSize": 6, "encoder": "attention", "numHeads": 4}, "multiple"),
                           ({"rules": {"noRepeat": False}}, "permutations"), ({"clip": 0}, "clip"), ({"units": 4, "attentionSize": 4}, "both")]:
            with self.assertRaisesRegex(UnsupportedConfig, words):
                resolve_pointer_config({"rules": PRESETS["tsp"], **bad})


if __name__ == "__main__":
    unittest.main()
