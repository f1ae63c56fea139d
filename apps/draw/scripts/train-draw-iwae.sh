#!/usr/bin/env bash
# Fine-tunes the shipped DRAW on the importance-weighted bound (IWAE training, Burda et al. 2016):
# a new run started from apps/draw/models/draw's weights (`train --init-from draw`), whose loss is
# the bound with K = $SAMPLES posterior draws per image (default 5; K times the work of an ELBO
# step), Adam at $LR (default 1e-4, no decay), gradients clipped at 10, batches of $BATCH (default
# 64); validation (the same 500 held-out images) reports the same bound. A model trained on the
# ELBO leaves its generative half fitted to a loose bound; this fits it to a tighter one.
#
# Resumable: the checkpoint lives in $OUT (default apps/draw/runs/draw-iwae, git-ignored); running
# the script again continues it with the checkpoint's settings (Ctrl-C saves first). Each run
# trains at most $MAX_MINUTES minutes (default 60). After every run the best model on validation
# (float16) is copied to apps/draw/models/draw and scored on the test pool by the negative ELBO;
# `bash apps/draw/scripts/score-importance.sh draw 256` then scores its importance-weighted bound.
#
#   bash apps/draw/scripts/train-draw-iwae.sh [more train options]
set -euo pipefail
cd "$(dirname "$0")/../../.."
OUT="${OUT:-apps/draw/runs/draw-iwae}"
MAX_MINUTES="${MAX_MINUTES:-60}"
pnpm exec turbo run build --filter=@seq2seq/draw-app... --output-logs=errors-only >&2
status=0
if [ -f "$OUT/checkpoint.json" ]; then
  node apps/draw/bin/seq2seq-draw.mjs train --model-out "$OUT" --max-minutes "$MAX_MINUTES" --backend wasm "$@" || status=$?
else
  node apps/draw/bin/seq2seq-draw.mjs train --init-from draw --model-out "$OUT" \
    --importance-samples "${SAMPLES:-5}" --lr "${LR:-1e-4}" --lr-decay 1 --clip 10 --batch "${BATCH:-64}" \
    --val-size 500 --epochs 300 --max-minutes "$MAX_MINUTES" --save-minutes 5 --backend wasm "$@" || status=$?
fi
bash apps/draw/scripts/ship-best.sh "$OUT" draw
exit "$status"
