#!/usr/bin/env bash
# Trains the shipped painter, apps/draw/models/painter: a recurrent policy (an MLP encoder of the
# target and the canvas, a 128-unit LSTM) that paints each digit with 10 quadratic Bezier strokes
# through the differentiable rasteriser; the loss is the final canvas's binary cross-entropy per
# pixel against the binarised digit. CONFIG (any PainterConfig fields) trains another. Adam at
# 2e-3 decayed by 0.96 per epoch, gradients clipped to a global norm of 10, batches of 32; 500
# training-pool images validate. On a rerun the checkpoint's config wins.
#
# Resumable: the checkpoint lives in $OUT (default apps/draw/runs/painter, git-ignored); running
# the script again continues it (Ctrl-C saves first). Each run trains at most $MAX_MINUTES minutes
# (default 60). After every run the best model on validation (float16) is copied to
# apps/draw/models/painter and the test pool is painted (`paint --pool test`: cross-entropy per
# pixel and ink IoU, written into its metrics).
#
#   bash apps/draw/scripts/train-painter.sh [more train options]
set -euo pipefail
cd "$(dirname "$0")/../../.."
OUT="${OUT:-apps/draw/runs/painter}"
MAX_MINUTES="${MAX_MINUTES:-60}"
CONFIG="${CONFIG:-{\"steps\": 10\}}"
pnpm exec turbo run build --filter=@seq2seq/draw-app... --output-logs=errors-only >&2
status=0
node apps/draw/bin/seq2seq-draw.mjs train --type painter --model-out "$OUT" \
  --config "$CONFIG" \
  --lr 2e-3 --lr-decay 0.96 --clip 10 --batch 32 --val-size 500 --epochs 80 \
  --max-minutes "$MAX_MINUTES" --backend wasm "$@" || status=$?
bash apps/draw/scripts/ship-best.sh "$OUT" painter
exit "$status"
