#!/usr/bin/env bash
# Trains a shipped model, apps/chars/models/CORPUS, on data/CORPUS-train.txt.gz (CORPUS: anna or
# shakespeare), sized for a small CPU: a 2x256 LSTM (914k parameters), sequences of 100, batch 64,
# on WASM, on $WORKERS worker threads (default auto: one per core; each computes the gradient of
# its own rows of every batch). Called by train-anna.sh and train-shakespeare.sh.
#
# Resumable: the checkpoint lives in $OUT (default apps/chars/runs/CORPUS, git-ignored); running
# the script again continues it where it stopped (Ctrl-C saves first). Each run trains at most
# $MAX_MINUTES minutes (default 600). $HIDDEN (default 256) and $DROPOUT (default 0.25) size a new
# model (a resumed one keeps its own; the exercise's reference is HIDDEN=512 DROPOUT=0.5). After
# every run the best model on validation (the last 10% of the training text; float16) is copied
# to apps/chars/models/CORPUS.
#
#   bash apps/chars/scripts/train-model.sh anna [more train options]
set -euo pipefail
CORPUS="${1:?usage: train-model.sh anna|shakespeare [train options]}"
shift
cd "$(dirname "$0")/../../.."
OUT="${OUT:-apps/chars/runs/$CORPUS}"
MAX_MINUTES="${MAX_MINUTES:-600}"
HIDDEN="${HIDDEN:-256}"
DROPOUT="${DROPOUT:-0.25}"
WORKERS="${WORKERS:-auto}"
pnpm exec turbo run build --filter=@seq2seq/chars-app... --output-logs=errors-only >&2
status=0
node apps/chars/bin/seq2seq-chars.mjs train --corpus "$CORPUS" --model-out "$OUT" \
  --cell lstm --layers 2 --hidden "$HIDDEN" --dropout "$DROPOUT" --seq-len 100 --batch 64 \
  --lr 2e-3 --lr-decay 0.95 --clip 5 --epochs 40 --max-minutes "$MAX_MINUTES" --workers "$WORKERS" --backend wasm "$@" || status=$?
if [ -f "$OUT/best/checkpoint.json" ]; then
  mkdir -p "apps/chars/models/$CORPUS"
  cp "$OUT/best/checkpoint.json" "$OUT/best/model.safetensors" "apps/chars/models/$CORPUS/"
  echo "copied $OUT/best to apps/chars/models/$CORPUS" >&2
fi
exit "$status"
