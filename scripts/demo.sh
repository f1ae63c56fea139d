#!/usr/bin/env bash
# The main job on its embedded default: the translate app's `demo` command, run from source.
# NODE_OPTIONS makes Node resolve the workspace packages through their "@seq2seq/source" export
# condition, so nothing needs building first.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export TURBO_TELEMETRY_DISABLED=1
export NODE_OPTIONS="${NODE_OPTIONS:+$NODE_OPTIONS }--conditions=@seq2seq/source"
exec pnpm --silent --filter @seq2seq/translate-app run demo "$@"
