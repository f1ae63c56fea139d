#!/usr/bin/env bash
# Ships a training run's best checkpoint: copies RUN/best (float16) to apps/draw/models/NAME, scores
# it on the test pool and writes the score into its manifest's metrics (the page shows it): a
# density's testNatsPerImage, the painter's testBcePerPixel and testInkIoU (`paint --pool test`).
# Called by the train-*.sh scripts after every run; does nothing without RUN/best.
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
if grep -q '"kind": *"painter"' "$run/best/checkpoint.json"; then
  score=$(node apps/draw/bin/seq2seq-draw.mjs paint --model "$name" --pool test --backend wasm)
else
  score=$(node apps/draw/bin/seq2seq-draw.mjs images --pool test | node apps/draw/bin/seq2seq-draw.mjs score --model "$name" --backend wasm)
fi
echo "$score" >&2
SCORE="$score" FILE="apps/draw/models/$name/checkpoint.json" node -e '
  const fs = require("node:fs");
  const m = JSON.parse(fs.readFileSync(process.env.FILE, "utf8"));
  const s = JSON.parse(process.env.SCORE);
  const metrics = s.natsPerImage !== undefined ? { testNatsPerImage: s.natsPerImage } : { testBcePerPixel: s.bcePerPixel, testInkIoU: s.inkIoU };
  m.metrics = { ...m.metrics, ...metrics };
  fs.writeFileSync(process.env.FILE, JSON.stringify(m, null, 1) + "\n");'
