#!/usr/bin/env bash
# Starts this machine's PostgreSQL 15 cluster (installing it with apt when absent) and makes a
# role and database for Recall. Prints the DATABASE_URL to use. Used by .ci/run and the benchmarks.
set -euo pipefail
ROLE="${RECALL_PG_ROLE:-recall}"
PASSWORD="${RECALL_PG_PASSWORD:-recall}"
DB="${RECALL_PG_DB:-recall}"

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
VERSION="$(ls /etc/postgresql | sort -V | tail -1)"
if ! pg_lsclusters -h | awk -v v="$VERSION" '$1==v && $2=="main"' | grep -q online; then
  pg_ctlcluster --skip-systemctl-redirect "$VERSION" main start >&2
fi
for _ in $(seq 1 30); do
  su postgres -c "pg_isready -q" && break
  sleep 1
done
# CREATEDB: integration tests give every test file its own database, cloned from a template.
su postgres -c "psql -v ON_ERROR_STOP=1 -q" >&2 <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${ROLE}') THEN
    CREATE ROLE ${ROLE} LOGIN CREATEDB PASSWORD '${PASSWORD}';
  END IF;
END \$\$;
SQL
# RECALL_PG_FRESH=1 (CI): start from an empty database, so nothing an earlier run left behind
# (rate-limit windows, seeded rows) can change this run's outcome.
if [ "${RECALL_PG_FRESH:-0}" = "1" ]; then
  su postgres -c "psql -v ON_ERROR_STOP=1 -q -c 'DROP DATABASE IF EXISTS ${DB} WITH (FORCE)'" >&2
fi
if ! su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname = '${DB}'\"" | grep -q 1; then
  su postgres -c "createdb -O ${ROLE} ${DB}" >&2
fi
echo "postgres://${ROLE}:${PASSWORD}@127.0.0.1:5432/${DB}"
