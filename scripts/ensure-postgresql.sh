#!/usr/bin/env bash
# The PostgreSQL tests start a throwaway cluster from Debian's PostgreSQL binaries (initdb, pg_ctl;
# test/helpers/postgres-cluster.ts). Installs them with apt when they are missing and we are
# allowed to; otherwise says how. The tests fail, never skip, without them.
set -euo pipefail
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then exit 0; fi
bash "$(dirname "$0")/apt-install.sh" postgresql "PostgreSQL tests (initdb and pg_ctl under /usr/lib/postgresql/<version>/bin)"
