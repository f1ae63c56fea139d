#!/usr/bin/env bash
# Trains the shipped scene captioner, apps/vision/models/scenes: the digits reader's small ResNet
# encoder (stem 8 channels, stages of 16 and 32 with $BLOCKS basic block(s) each; 205k weights in
# all), learned position embeddings, attention, a 128-unit LSTM; batches of 32 fresh Fashion-MNIST
# scenes (96x96, 2 or 3 items on a 3x3 grid) from the training pools, never a held-out
# item/relation combination, on WASM.
#
# Resumable: the checkpoint lives in $OUT (default apps/vision/runs/scenes, git-ignored); running
# the script again continues it where it stopped (Ctrl-C saves first). Each run trains at most
# $MAX_MINUTES minutes (default 600). After every run the best model on validation loss (float16)
# is copied to apps/vision/models/scenes.
#
#   bash apps/vision/scripts/train-scenes.sh [more train options]
set -euo pipefail
cd "$(dirname "$0")/../../.."
OUT="${OUT:-apps/vision/runs/scenes}"
MAX_MINUTES="${MAX_MINUTES:-600}"
BLOCKS="${BLOCKS:-1}"
pnpm exec turbo run build --filter=@seq2seq/vision-app... --output-logs=errors-only >&2
status=0
node apps/vision/bin/seq2seq-vision.mjs train --task scenes --model-out "$OUT" \
  --stem-channels 8 --stages 16,32 --blocks "$BLOCKS" --hidden 128 --embedding 32 \
  --batch 32 --steps-per-epoch 250 --val-size 500 --lr 2e-3 --lr-decay 0.95 --clip 5 --epochs 60 \
  --max-minutes "$MAX_MINUTES" --backend wasm "$@" || status=$?
if [ -f "$OUT/best/checkpoint.json" ]; then
  mkdir -p apps/vision/models/scenes
  cp "$OUT/best/checkpoint.json" "$OUT/best/model.safetensors" apps/vision/models/scenes/
  echo "copied $OUT/best to apps/vision/models/scenes" >&2
fi
exit "$status"
