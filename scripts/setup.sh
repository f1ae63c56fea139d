#!/usr/bin/env bash
# Installs what `npm run demo` and `npm test` need on a fresh machine that has Node 20 and npm:
#   - pnpm 12.4.2 (the root package.json's "packageManager"), with `npm i -g` when missing;
#   - the workspace's dependencies, exactly as locked (`pnpm install --frozen-lockfile`);
#   - with --browser: Debian's Chromium for the browser test, when /usr/bin/chromium is missing.
# Safe to rerun: each step does nothing when its work is already done.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PNPM_VERSION=12.4.2
export TURBO_TELEMETRY_DISABLED=1

browser=false
for arg in "$@"; do
  case "$arg" in
    --browser) browser=true ;;
    *) echo "setup.sh: unknown option $arg (expected --browser)" >&2; exit 2 ;;
  esac
done

# Root privileges for system packages: none needed as root, else sudo where it exists.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else echo "setup.sh: need root (or sudo) to run: $*" >&2; return 1
  fi
}

if ! command -v pnpm >/dev/null 2>&1; then
  echo "setup: installing pnpm@$PNPM_VERSION"
  npm i -g "pnpm@$PNPM_VERSION" --no-fund --no-audit
fi

echo "setup: pnpm $(pnpm --version), installing dependencies"
pnpm install --frozen-lockfile

if $browser && [ ! -x /usr/bin/chromium ]; then
  if command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing chromium (for the browser test)"
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update -qq
    as_root apt-get install -y -qq chromium
  else
    echo "setup: /usr/bin/chromium is missing and there is no apt-get; the browser test will fail under CI=true" >&2
  fi
fi
