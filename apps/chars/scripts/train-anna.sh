#!/usr/bin/env bash
# Trains the shipped `anna` model (apps/chars/models/anna) on the Anna Karenina training text,
# sized for a small CPU: a 2x256 LSTM (914k parameters), sequences of 100, batch 64, on WASM.
#
# Resumable: the checkpoint lives in $OUT (default apps/chars/runs/anna, git-ignored); running
# this script again continues it where it stopped (Ctrl-C saves first). Each run trains at most
# $MAX_MINUTES minutes (default 600). $HIDDEN (default 256) and $DROPOUT (default 0.25) size a
# new model (a resumed one keeps its own; the exercise's reference is HIDDEN=512 DROPOUT=0.5). After every run the best model on validation (the last 10%
# of the training text; float16) is copied to apps/chars/models/anna and scored there.
#
#   bash apps/chars/scripts/train-anna.sh            # start, or continue
#   MAX_MINUTES=60 bash apps/chars/scripts/train-anna.sh
set -euo pipefail
cd "$(dirname "$0")/../../.."
OUT="${OUT:-apps/chars/runs/anna}"
MAX_MINUTES="${MAX_MINUTES:-600}"
HIDDEN="${HIDDEN:-256}"
DROPOUT="${DROPOUT:-0.25}"
pnpm exec turbo run build --filter=@seq2seq/chars-app... --output-logs=errors-only >&2
status=0
node apps/chars/bin/seq2seq-chars.mjs train --corpus anna --model-out "$OUT" \
  --cell lstm --layers 2 --hidden "$HIDDEN" --dropout "$DROPOUT" --seq-len 100 --batch 64 \
  --lr 2e-3 --lr-decay 0.95 --clip 5 --epochs 40 --max-minutes "$MAX_MINUTES" --backend wasm "$@" || status=$?
if [ -f "$OUT/best/checkpoint.json" ]; then
  mkdir -p apps/chars/models/anna
  cp "$OUT/best/checkpoint.json" "$OUT/best/model.safetensors" apps/chars/models/anna/
  echo "copied $OUT/best to apps/chars/models/anna" >&2
fi
exit "$status"
