#!/usr/bin/env bash
# Lints what a library would publish, from its own folder (the `lint:package` script of a
# package runs `bash ../../scripts/lint-package.sh`). Needs a build first (turbo runs it).
#
# One tarball, made by `pnpm pack` exactly as `pnpm publish` would (workspace: ranges resolved,
# publishConfig applied), is checked three ways:
#   1. publint --strict: package.json fields against the files in the tarball;
#   2. @arethetypeswrong/cli (node16 profile): types resolve for require and import;
#   3. every target in the packed "exports" exists in the tarball. publint skips unknown
#      conditions, so without this a dev-only condition such as "@seq2seq/source" -> ./src/*.ts
#      would ship pointing at files that are not published. Fix: a "publishConfig.exports"
#      without that condition.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
name=$(node -p 'require("./package.json").name')
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lint-package.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

pnpm pack --pack-destination "$tmp" >/dev/null
tarball=$(ls "$tmp"/*.tgz)

publint run "$tarball" --strict
attw "$tarball" --profile node16
node "$here/check-packed-exports.mjs" "$tarball"
echo "lint:package: $name ok"
