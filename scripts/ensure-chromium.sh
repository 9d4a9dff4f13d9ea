#!/usr/bin/env bash
# Browser tests drive Debian's chromium through playwright-core (no browser downloads here).
# Installs it with apt when it is missing and we are allowed to; otherwise says how.
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then exit 0; fi
bash "$(dirname "$0")/apt-install.sh" chromium "browser tests (Chromium at $CHROMIUM; set CHROMIUM_PATH to use another)"
