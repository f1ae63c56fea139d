#!/usr/bin/env bash
# The main job on its embedded default: the translate app's `demo` command (a sample sentence,
# its translation by the shipped English-French model, and the attention), on WASM.
# The libraries and the app are built first (turbo caches the build); the app runs from dist/, as an
# installed package would.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export TURBO_TELEMETRY_DISABLED=1
log=$(mktemp "${TMPDIR:-/tmp}/seq2seq-build.XXXXXX")
trap 'rm -f "$log"' EXIT
if ! pnpm exec turbo run build --filter='@seq2seq/translate-app...' --output-logs=errors-only >"$log" 2>&1; then
  cat "$log"
  echo "demo: building the libraries and the app failed (output above)" >&2
  exit 1
fi
exec node apps/translate/bin/seq2seq-translate.mjs demo "$@"
