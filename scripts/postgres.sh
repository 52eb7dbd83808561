#!/usr/bin/env bash
# Start this machine's PostgreSQL and make the role the template's PostgreSQL tests use; print
# the URL they read from TEST_DATABASE_URL. Debian/Ubuntu, as root; safe to run again.
#
#   export TEST_DATABASE_URL="$(bash scripts/postgres.sh)"
set -euo pipefail

# A throwaway role for tests on 127.0.0.1: it may log in and create (and drop its own) databases.
ROLE=template_tests
PASSWORD=template_tests

if ! command -v pg_lsclusters >/dev/null 2>&1; then
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
read -r VERSION CLUSTER PORT STATUS _ < <(pg_lsclusters --no-header | head -n 1)
if [[ "$STATUS" != online* ]]; then
    pg_ctlcluster "$VERSION" "$CLUSTER" start >&2
fi
runuser -u postgres -- psql --port "$PORT" --quiet --no-psqlrc -v ON_ERROR_STOP=1 >&2 <<SQL
SELECT 'CREATE ROLE $ROLE' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE')\gexec
ALTER ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD';
SQL
echo "postgres://$ROLE:$PASSWORD@127.0.0.1:$PORT/postgres"
