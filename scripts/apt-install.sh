#!/usr/bin/env bash
# Installs one Debian package with apt for the tests (as root, or through sudo), or says how.
# Usage: apt-install.sh <package> <what it is for>. The ensure-*.sh scripts call it once they
# have found the package missing.
set -euo pipefail
PACKAGE="$1"; PURPOSE="$2"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "The $PURPOSE need Debian's $PACKAGE, and this machine has no apt-get: install $PACKAGE." >&2; exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "The $PURPOSE need Debian's $PACKAGE. Install it: apt-get install $PACKAGE" >&2; exit 1
  fi
fi
echo "Installing Debian's $PACKAGE for the $PURPOSE..." >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$PACKAGE" >/dev/null
