#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 + PostGIS cluster (trust auth, loopback only) and prints its URL.
#   .ci/start-postgres.sh            the test server: superuser postgres, port 54329 (TEST_DATABASE_URL)
#   .ci/start-postgres.sh supabase   a cluster built as Supabase builds its own: superuser supabase_admin,
#                                    port 54330 (TEST_SUPABASE_DATABASE_URL); the test that uses it
#                                    makes the platform roles, postgres among them as a non-superuser.
# Needs Debian's postgresql-15-postgis-3 (and postgresql-15-plpgsql-check for `supabase db lint`).
set -euo pipefail
if [ "${1:-}" = "supabase" ]; then
  PORT="${PGPORT_SUPABASE:-54330}"; NAME=hotspot_supabase; SUPERUSER=supabase_admin
else
  PORT="${PGPORT_TEST:-54329}"; NAME=hotspot_ci; SUPERUSER=postgres
fi
if ! pg_lsclusters -h 2>/dev/null | awk '{print $2}' | grep -qx "$NAME"; then
  pg_createcluster 15 "$NAME" --port "$PORT" -- --auth-local=trust --auth-host=trust --username="$SUPERUSER" >/dev/null
fi
# Its messages ("Cluster is already running.") go to stdout: keep stdout for the URL alone.
pg_ctlcluster 15 "$NAME" start >/dev/null 2>&1 || true
for _ in $(seq 1 30); do
  if pg_isready -h 127.0.0.1 -p "$PORT" -q; then break; fi
  sleep 1
done
pg_isready -h 127.0.0.1 -p "$PORT" -q
echo "postgres://${SUPERUSER}@127.0.0.1:${PORT}/postgres"
