#!/usr/bin/env bash
# Trains the shipped DRAW model, apps/draw/models/draw: the recurrent VAE of Gregor et al. 2015,
# 256-unit LSTM encoder and decoder, 100 Gaussian latents per glimpse, 16 glimpses; by default the
# paper's "DRAW without attention" (each glimpse reads the whole image and error image and writes a
# whole-canvas update). CONFIG='{"readSize": 5}' (any DrawConfig fields) trains another, e.g. with
# attention. Adam at 1e-3 decayed by 0.99 per epoch, gradients clipped to a global norm of 10,
# batches of 64; 500 training-pool images validate. The loss is the negative ELBO in nats per
# image (an upper bound on -log p(x)). On a rerun the checkpoint's config wins.
#
# Resumable: the checkpoint lives in $OUT (default apps/draw/runs/draw, git-ignored); running the
# script again continues it (Ctrl-C saves first). Each run trains at most $MAX_MINUTES minutes
# (default 60). After every run the best model on validation (float16) is copied to
# apps/draw/models/draw and scored on the test pool (written into its metrics as testNatsPerImage).
#
#   bash apps/draw/scripts/train-draw.sh [more train options]
set -euo pipefail
cd "$(dirname "$0")/../../.."
OUT="${OUT:-apps/draw/runs/draw}"
MAX_MINUTES="${MAX_MINUTES:-60}"
CONFIG="${CONFIG:-{\"steps\": 16, \"attention\": false\}}"
pnpm exec turbo run build --filter=@seq2seq/draw-app... --output-logs=errors-only >&2
status=0
node apps/draw/bin/seq2seq-draw.mjs train --type draw --model-out "$OUT" \
  --config "$CONFIG" \
  --lr 1e-3 --lr-decay 0.99 --clip 10 --batch 64 --val-size 500 --epochs 300 \
  --max-minutes "$MAX_MINUTES" --backend wasm "$@" || status=$?
bash apps/draw/scripts/ship-best.sh "$OUT" draw
exit "$status"
