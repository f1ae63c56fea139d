#!/usr/bin/env bash
# Scores a shipped DRAW model on the whole test pool (POOL=validation: the 500 validation images
# train holds out of the training pool) by the importance-weighted bound with K
# posterior draws per image (`score --samples K`), in JOBS processes at once (each scores a
# contiguous part of the pool with its own fixed noise), and writes the result into the model's
# manifest metrics as testImportanceNatsPerImage and testImportanceSamples (the page shows them;
# validationImportance... for the validation images). The cost is
# K times the plain bound's: K = 256 takes about 35 minutes of one core for the 2004 test images.
#
#   [POOL=test|validation] bash apps/draw/scripts/score-importance.sh [NAME=draw] [K=256] [JOBS=2]
set -euo pipefail
cd "$(dirname "$0")/../../.."
name="${1:-draw}"
samples="${2:-256}"
jobs="${3:-2}"
pool="${POOL:-test}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
node apps/draw/bin/seq2seq-draw.mjs images --pool "$pool" > "$work/pool.jsonl"
total=$(wc -l < "$work/pool.jsonl")
per=$(( (total + jobs - 1) / jobs ))
split -l "$per" -d "$work/pool.jsonl" "$work/part-"
for part in "$work"/part-*; do
  node apps/draw/bin/seq2seq-draw.mjs score --model "$name" --samples "$samples" --backend wasm < "$part" > "$part.score" 2> "$part.log" &
done
wait
POOL="$pool" SAMPLES="$samples" FILE="apps/draw/models/$name/checkpoint.json" node -e '
  const fs = require("node:fs");
  const parts = fs.readdirSync(process.argv[1]).filter((f) => f.endsWith(".score")).map((f) => JSON.parse(fs.readFileSync(`${process.argv[1]}/${f}`, "utf8")));
  const images = parts.reduce((n, p) => n + p.images, 0);
  const nats = parts.reduce((s, p) => s + p.natsPerImage * p.images, 0) / images;
  const result = { pool: process.env.POOL, images, natsPerImage: Math.round(nats * 1e4) / 1e4, bound: true, importanceSamples: Number(process.env.SAMPLES) };
  console.log(JSON.stringify(result));
  const m = JSON.parse(fs.readFileSync(process.env.FILE, "utf8"));
  const key = process.env.POOL === "validation" ? "validation" : "test";
  m.metrics = { ...m.metrics, [`${key}ImportanceNatsPerImage`]: result.natsPerImage, [`${key}ImportanceSamples`]: result.importanceSamples };
  fs.writeFileSync(process.env.FILE, JSON.stringify(m, null, 1) + "\n");' "$work"
