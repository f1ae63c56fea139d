#!/usr/bin/env bash
# Trains the shipped FVSBN baseline, apps/draw/models/fvsbn: every pixel of a binarised 28x28
# MNIST digit a logistic regression on the pixels before it (307,720 weights used), biases
# started at the pixels' log-odds of ink, an L2 penalty of 1e-3 on the weights, Adam at 1e-2
# decayed by 0.9 per epoch, batches of 100; 500 training-pool images validate.
#
# Resumable: the checkpoint lives in $OUT (default apps/draw/runs/fvsbn, git-ignored); running the
# script again continues it (Ctrl-C saves first). Each run trains at most $MAX_MINUTES minutes
# (default 30). After every run the best model on validation (float16) is copied to
# apps/draw/models/fvsbn and scored on the test pool (written into its metrics as testNatsPerImage).
#
#   bash apps/draw/scripts/train-fvsbn.sh [more train options]
set -euo pipefail
cd "$(dirname "$0")/../../.."
OUT="${OUT:-apps/draw/runs/fvsbn}"
MAX_MINUTES="${MAX_MINUTES:-30}"
pnpm exec turbo run build --filter=@seq2seq/draw-app... --output-logs=errors-only >&2
status=0
node apps/draw/bin/seq2seq-draw.mjs train --type fvsbn --model-out "$OUT" \
  --l2 1e-3 --lr 1e-2 --lr-decay 0.9 --batch 100 --val-size 500 --epochs 25 \
  --max-minutes "$MAX_MINUTES" --backend wasm "$@" || status=$?
bash apps/draw/scripts/ship-best.sh "$OUT" fvsbn
exit "$status"
