#!/usr/bin/env bash
# Prepares a fresh machine (Node >= 20 and npm) for `pnpm start` and `pnpm test`: pnpm 12.4.2,
# Debian's Chromium for the web app's end-to-end tests (never a downloaded browser), and the
# workspace's dependencies from the lockfile. Safe to run again: it skips what is there.
# --no-browser skips Chromium (enough for `pnpm start`).
set -euo pipefail
browser=1
[ "${1:-}" = "--no-browser" ] && browser=0
cd "$(dirname "$0")/.."

if ! command -v pnpm >/dev/null || [ "$(pnpm -v)" != "12.4.2" ]; then
  npm i -g pnpm@12.4.2 >/dev/null
fi
if [ "$browser" = 1 ] && ! command -v chromium >/dev/null && [ -z "${CHROMIUM_PATH:-}" ]; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "setup: no chromium; the web end-to-end tests need it (apt-get install -y chromium, or set CHROMIUM_PATH)" >&2
  fi
fi
pnpm install --frozen-lockfile
