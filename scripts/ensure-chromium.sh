#!/usr/bin/env bash
# Browser tests drive Debian's chromium through playwright-core (no browser downloads here).
# Installs it with apt when it is missing and we are allowed to; otherwise says how.
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then exit 0; fi
if command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
      echo "Browser tests need Debian's chromium at $CHROMIUM. Install it: apt-get install chromium" >&2; exit 1
    fi
  fi
  echo "Installing Debian's chromium for the browser tests..." >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "Browser tests need Chromium at $CHROMIUM (set CHROMIUM_PATH to use another)." >&2
exit 1
