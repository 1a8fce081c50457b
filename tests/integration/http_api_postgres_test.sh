#!/usr/bin/env bash
# http_api_test.sh again, with PostgreSQL as the store (a fresh schema of the throw-away
# server scripts/pg-scratch starts): the API behaves the same on both backends.
set -euo pipefail
if [ -z "${PREGON_TEST_PG_URL:-}" ]; then
  echo "FAIL: PREGON_TEST_PG_URL is not set: run the tests under scripts/pg-scratch (make test does)" >&2
  exit 1
fi
schema="api_$$_$RANDOM"
psql "$PREGON_TEST_PG_URL" -qc "CREATE SCHEMA $schema" >/dev/null
sep='?'; [[ "$PREGON_TEST_PG_URL" == *\?* ]] && sep='&'
export PREGON_API_TEST_DATABASE_URL="$PREGON_TEST_PG_URL${sep}options=-c%20search_path%3D$schema"
exec bash "$(dirname "$0")/http_api_test.sh" "$@"
