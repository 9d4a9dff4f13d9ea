#!/usr/bin/env bash
# The PostgreSQL tests start a throwaway cluster from Debian's PostgreSQL binaries (initdb, pg_ctl;
# test/helpers/postgres-cluster.ts). Installs them with apt when they are missing and we are
# allowed to; otherwise says how. The tests fail, never skip, without them.
set -euo pipefail
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then exit 0; fi
if command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
      echo "The PostgreSQL tests need Debian's PostgreSQL binaries. Install them: apt-get install postgresql" >&2; exit 1
    fi
  fi
  echo "Installing Debian's PostgreSQL for the storage tests..." >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
  exit 0
fi
echo "The PostgreSQL tests need PostgreSQL's initdb and pg_ctl under /usr/lib/postgresql/<version>/bin." >&2
exit 1
