#!/usr/bin/env bash
# Trains (or, run again, resumes) the shipped `ewt` parser on UD English EWT train, scoring dev
# after every epoch, then copies the best checkpoint (float16) to apps/parse/models/ewt.
#
#   OUT=/path/outside/git bash apps/parse/scripts/train-ewt.sh [extra seq2seq-parse train options]
#
# OUT (default ./parse-ewt) holds the resumable training checkpoint; rerunning the same command
# continues from it. The best checkpoint on dev loss is OUT/best; it is copied to models/ewt after
# every run (also after Ctrl-C), so the shipped model is always the best one so far.
# `bash apps/parse/scripts/train-ewt.sh --copy-best` only copies (while a run is still going).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
out="${OUT:-parse-ewt}"
status=0
if [ "${1:-}" = "--copy-best" ]; then
  shift
else
  node "$here/bin/seq2seq-parse.mjs" train --train ewt --dev ewt --model-out "$out" "$@" || status=$?
fi
if [ -f "$out/best/checkpoint.json" ]; then
  rm -rf "$here/models/ewt.tmp"
  mkdir -p "$here/models/ewt.tmp"
  cp "$out/best/checkpoint.json" "$out/best/model.safetensors" "$here/models/ewt.tmp/"
  rm -rf "$here/models/ewt"
  mv "$here/models/ewt.tmp" "$here/models/ewt"
  echo "copied $out/best to $here/models/ewt ($(du -sh "$here/models/ewt" | cut -f1))" >&2
fi
exit "$status"
