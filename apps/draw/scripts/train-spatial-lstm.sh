#!/usr/bin/env bash
# Trains the shipped spatial LSTM density, apps/draw/models/spatial-lstm: RIDE (Theis and Bethge
# 2015), one spatial LSTM layer of 64 units walking the 28x28 grid, each pixel also reading its
# causal neighbourhood of radius 2, a 64-unit tanh readout and a Bernoulli (2-level) output: the
# exact -log p(x) in nats per image. CONFIG (any RecurrentImageDensityConfig fields) trains another.
# Adam at 3e-3 decayed by 0.95 per epoch, gradients clipped to a global norm of 10, batches of 32;
# 500 training-pool images validate. On a rerun the checkpoint's config wins.
#
# Resumable: the checkpoint lives in $OUT (default apps/draw/runs/spatial-lstm, git-ignored); running the
# script again continues it (Ctrl-C saves first). Each run trains at most $MAX_MINUTES minutes
# (default 60). After every run the best model on validation (float16) is copied to
# apps/draw/models/spatial-lstm and scored on the test pool (written into its metrics as testNatsPerImage).
#
#   bash apps/draw/scripts/train-spatial-lstm.sh [more train options]
set -euo pipefail
cd "$(dirname "$0")/../../.."
OUT="${OUT:-apps/draw/runs/spatial-lstm}"
MAX_MINUTES="${MAX_MINUTES:-60}"
CONFIG="${CONFIG:-{\"hiddenSize\": 64, \"numLayers\": 1, \"radius\": 2, \"readoutSize\": 64\}}"
pnpm exec turbo run build --filter=@seq2seq/draw-app... --output-logs=errors-only >&2
status=0
node apps/draw/bin/seq2seq-draw.mjs train --type spatial-lstm --model-out "$OUT" \
  --config "$CONFIG" \
  --lr 3e-3 --lr-decay 0.95 --clip 10 --batch 32 --val-size 500 --epochs 60 \
  --max-minutes "$MAX_MINUTES" --backend wasm "$@" || status=$?
bash apps/draw/scripts/ship-best.sh "$OUT" spatial-lstm
exit "$status"
