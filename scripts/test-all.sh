#!/usr/bin/env bash
# Every check, in order: build, typecheck, package lint (publint + arethetypeswrong on each
# library), the consumer check (each library packed, installed alone into a fresh npm project with
# its README's install line, and its README examples run as ESM and CommonJS; about 2-3 minutes),
# the WGSL kernels on SwiftShader (where Chromium is installed),
# then the whole vitest suite (every package and app, including the browser test).
# A failing step does not stop the later ones, so one run shows everything; the exit status is
# non-zero when anything failed. The output ends with vitest's summary and a closing line
# `tests: N passed, M failed`.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export TURBO_TELEMETRY_DISABLED=1

failed=()
step() {
  local name=$1
  shift
  echo
  echo "==> $name"
  if "$@"; then
    echo "==> $name: ok"
  else
    echo "==> $name: FAILED"
    failed+=("$name")
  fi
}

turbo() { pnpm exec turbo run "$@" --continue --output-logs=errors-only; }

step build turbo build
step typecheck turbo typecheck
step lint:package turbo lint:package
step consumer bash scripts/consumer-check.sh

# The WGSL recurrence kernels on a WebGPU adapter: Chromium's SwiftShader (a GPU emulated on the
# CPU) through Dawn, where Chromium is installed (about a minute on 2 cores).
webgpu_swiftshader() {
  local icd=/usr/lib/chromium/vk_swiftshader_icd.json
  if [ ! -f "$icd" ]; then
    echo "no $icd (Chromium not installed): skipped"
    return 0
  fi
  (cd packages/cells && VK_ICD_FILENAMES="$icd" SEQ2SEQ_TEST_BACKENDS=webgpu pnpm exec vitest run src/webgpu)
}
step "webgpu (SwiftShader)" webgpu_swiftshader

echo
if [ ${#failed[@]} -eq 0 ]; then
  echo "checks: build, typecheck, lint:package, consumer and webgpu (SwiftShader) passed"
else
  echo "checks FAILED: ${failed[*]} (their errors are above)"
fi

echo
echo "==> vitest"
report=$(mktemp "${TMPDIR:-/tmp}/vitest-report.XXXXXX.json")
trap 'rm -f "$report"' EXIT
# The default reporter prints the summary; a quiet JSON reporter feeds the closing line.
SEQ2SEQ_VITEST_REPORT="$report" pnpm exec vitest run --reporter=default --reporter=./scripts/vitest-quiet-json-reporter.mjs
vitest_status=$?

node scripts/vitest-summary.mjs "$report"
summary_status=$?

if [ ${#failed[@]} -ne 0 ] || [ $vitest_status -ne 0 ] || [ $summary_status -ne 0 ]; then
  exit 1
fi
