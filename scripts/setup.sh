#!/usr/bin/env bash
# Prepares a machine with Node >= 20 and npm for `pnpm start` and `pnpm test`:
#   1. pnpm 12.4.2 (npm install -g), unless that version is already on PATH;
#   2. Debian's Chromium and one font package, for the browser tests (never a downloaded browser):
#      as root with apt-get, `--no-install-recommends`, only if no Chromium is found;
#   3. the workspace's dependencies from the lockfile (pnpm install --frozen-lockfile).
# It says what it will do before doing it, skips what is already there (a second run takes a
# few seconds and changes nothing), and installs nothing else.
#   --no-browser   skip Chromium (enough for `pnpm start`)
#   --dry-run      only say what would be done
set -euo pipefail
browser=1
dry=0
for arg in "$@"; do
  case "$arg" in
    --no-browser) browser=0 ;;
    --dry-run) dry=1 ;;
    *) echo "setup: unknown option $arg (expected --no-browser, --dry-run)" >&2; exit 2 ;;
  esac
done
cd "$(dirname "$0")/.."

PNPM_VERSION=12.4.2
# chromium: the browser tests' browser; fonts-liberation: readable text in their screenshots.
APT_PACKAGES=(chromium fonts-liberation)

say() { echo "setup: $*"; }
act() {
  if [ "$dry" = 1 ]; then say "would run: $*"; else "$@"; fi
}

if ! command -v node >/dev/null; then
  echo "setup: Node.js >= 20 is required (https://nodejs.org), with npm" >&2
  exit 1
fi
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 20 ]; then
  echo "setup: Node.js >= 20 is required, found $(node -v)" >&2
  exit 1
fi

if command -v pnpm >/dev/null && [ "$(pnpm -v)" = "$PNPM_VERSION" ]; then
  say "pnpm $PNPM_VERSION is there"
else
  say "installing pnpm $PNPM_VERSION (npm install -g pnpm@$PNPM_VERSION)"
  act npm install -g --no-fund --no-audit --loglevel=error "pnpm@$PNPM_VERSION"
fi

if [ "$browser" = 1 ]; then
  chromium_path="${CHROMIUM_PATH:-/usr/bin/chromium}"
  if [ -x "$chromium_path" ]; then
    say "Chromium is there ($chromium_path)"
  elif command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    say "installing Debian packages: ${APT_PACKAGES[*]} (apt-get install --no-install-recommends)"
    act apt-get update -qq
    act env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${APT_PACKAGES[@]}"
  else
    say "no Chromium at $chromium_path; the browser tests need it: install Debian's chromium" \
      "(apt-get install --no-install-recommends chromium) or set CHROMIUM_PATH" >&2
  fi
fi

say "installing the workspace's dependencies (pnpm install --frozen-lockfile)"
act pnpm install --frozen-lockfile --prefer-offline
