#!/usr/bin/env bash
# The consumer check: builds the libraries (turbo, cached), then installs each one from its packed
# tarball into a fresh npm project and runs its README's install line and examples, as ESM and
# CommonJS (scripts/consumer/check.mjs says how). Arguments narrow it to some packages: `core cells`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export TURBO_TELEMETRY_DISABLED=1
pnpm exec turbo run build --filter='./packages/*' --output-logs=errors-only
node scripts/consumer/check.mjs "$@"
