#!/usr/bin/env bash
# Trains the shipped digit-string reader, apps/vision/models/digits: a ResNet encoder (stem 16
# channels, stages of 32 and 64 with $BLOCKS basic block(s) each -> a 6x20 grid), learned position
# embeddings, attention, a 256-unit LSTM: 774k weights; batches of 32 fresh strings from the MNIST
# training pool, on WASM (about 0.6 s a batch on one core of a busy 2-core machine). The first
# shipped model was the narrower one of stem 8, stages 16,32 and a 128-unit LSTM (205k weights):
# `bash apps/vision/scripts/train-digits.sh --stem-channels 8 --stages 16,32 --hidden 128`.
#
# Resumable: the checkpoint lives in $OUT (default apps/vision/runs/digits, git-ignored); running
# the script again continues it where it stopped (Ctrl-C saves first), with the checkpoint's model
# and settings. The shipped reader's own run, grown from this model (see the README), is committed
# in apps/vision/checkpoints/digits: OUT=apps/vision/checkpoints/digits continues it. Each run trains at most
# $MAX_MINUTES minutes (default 600). After every run the best model on validation loss (float16)
# is copied to apps/vision/models/digits.
#
#   bash apps/vision/scripts/train-digits.sh [more train options]
set -euo pipefail
cd "$(dirname "$0")/../../.."
OUT="${OUT:-apps/vision/runs/digits}"
MAX_MINUTES="${MAX_MINUTES:-600}"
BLOCKS="${BLOCKS:-1}"
pnpm exec turbo run build --filter=@seq2seq/vision-app... --output-logs=errors-only >&2
status=0
if [ -f "$OUT/checkpoint.json" ]; then
  # Resuming: the model and the training settings are the checkpoint's (options given override).
  node apps/vision/bin/seq2seq-vision.mjs train --model-out "$OUT" --max-minutes "$MAX_MINUTES" --backend wasm "$@" || status=$?
else
  node apps/vision/bin/seq2seq-vision.mjs train --model-out "$OUT" \
    --stem-channels 16 --stages 32,64 --blocks "$BLOCKS" --hidden 256 --embedding 32 \
    --batch 32 --steps-per-epoch 250 --val-size 500 --lr 2e-3 --lr-decay 0.95 --clip 5 --epochs 60 \
    --max-minutes "$MAX_MINUTES" --backend wasm "$@" || status=$?
fi
if [ -f "$OUT/best/checkpoint.json" ]; then
  mkdir -p apps/vision/models/digits
  cp "$OUT/best/checkpoint.json" "$OUT/best/model.safetensors" apps/vision/models/digits/
  echo "copied $OUT/best to apps/vision/models/digits" >&2
fi
exit "$status"
