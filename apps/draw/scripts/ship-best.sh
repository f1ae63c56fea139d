#!/usr/bin/env bash
# Ships a training run's best checkpoint: copies RUN/best (float16) to apps/draw/models/NAME, scores
# it on the test pool and writes the score into its manifest's metrics as testNatsPerImage (the
# page shows it). Called by the train-*.sh scripts after every run; does nothing without RUN/best.
#
#   bash apps/draw/scripts/ship-best.sh RUN NAME
set -euo pipefail
cd "$(dirname "$0")/../../.."
run="$1"
name="$2"
[ -f "$run/best/checkpoint.json" ] || exit 0
mkdir -p "apps/draw/models/$name"
cp "$run/best/checkpoint.json" "$run/best/model.safetensors" "apps/draw/models/$name/"
echo "copied $run/best to apps/draw/models/$name; the test pool:" >&2
score=$(node apps/draw/bin/seq2seq-draw.mjs images --pool test | node apps/draw/bin/seq2seq-draw.mjs score --model "$name" --backend wasm)
echo "$score" >&2
SCORE="$score" FILE="apps/draw/models/$name/checkpoint.json" node -e '
  const fs = require("node:fs");
  const m = JSON.parse(fs.readFileSync(process.env.FILE, "utf8"));
  m.metrics = { ...m.metrics, testNatsPerImage: JSON.parse(process.env.SCORE).natsPerImage };
  fs.writeFileSync(process.env.FILE, JSON.stringify(m, null, 1) + "\n");'
