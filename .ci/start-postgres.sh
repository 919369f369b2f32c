#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 + PostGIS cluster on port 54329 (trust auth, loopback only)
# and prints the TEST_DATABASE_URL for it. Needs Debian's postgresql-15-postgis-3.
set -euo pipefail
PORT="${PGPORT_TEST:-54329}"
NAME=hotspot_ci
if ! pg_lsclusters -h 2>/dev/null | awk '{print $2}' | grep -qx "$NAME"; then
  pg_createcluster 15 "$NAME" --port "$PORT" -- --auth-local=trust --auth-host=trust >/dev/null
fi
# Its messages ("Cluster is already running.") go to stdout: keep stdout for the URL alone.
pg_ctlcluster 15 "$NAME" start >/dev/null 2>&1 || true
for _ in $(seq 1 30); do
  if pg_isready -h 127.0.0.1 -p "$PORT" -q; then break; fi
  sleep 1
done
pg_isready -h 127.0.0.1 -p "$PORT" -q
echo "postgres://postgres@127.0.0.1:${PORT}/postgres"
