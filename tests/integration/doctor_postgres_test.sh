#!/usr/bin/env bash
# pregon doctor on PostgreSQL (a server of the test's own, scripts/pg-scratch, with durable
# commits as in production): the server's version, max_connections against the pools pregon's
# settings ask for, and durable commits are ok lines; synchronous_commit off (here set for
# pregon's connections through the URL, as an operator might) is a warning that keeps the
# exit code 0; a pool that cannot fit even one `serve` is an error.
source "$(dirname "$0")/lib.sh"

start_own_postgres  # max_connections 300 (pg-scratch), superuser_reserved_connections 3
"$PREGON" migrate 2>/dev/null
export PREGON_SECRET_KEY=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef

out=$("$PREGON" doctor --timeout 2s) || fail "only warnings expected: $out"
echo "$out"
expect() { grep -q "$1" <<<"$out" || fail "no line matching: $1"; }
expect '^ok       database             reachable, schema version'
expect '^ok       database             PostgreSQL [0-9][0-9]*\.[0-9]'
expect '^ok       database             max_connections 300 (3 kept for superusers), [0-9]* in use; a `pregon serve` opens up to 9 connections, a `pregon worker` up to 5 (PREGON_PG_POOL_SIZE=0: 2 worker threads + 2, 4 more in `serve`; each process one more that LISTENs): room for [0-9]* more workers$'
expect '^ok       database             commits are durable (synchronous_commit on, fsync on)$'
grep -q '^warning  database' <<<"$out" && fail "no database warning expected"
echo "ok: version, connections and durability of a well-set server"

out=$(DATABASE_URL="$DATABASE_URL&options=-c%20synchronous_commit%3Doff" "$PREGON" doctor --timeout 2s) ||
  fail "a warning does not fail doctor: $out"
expect '^warning  database             synchronous_commit is off: a crash of the database forgets commits'
grep -q 'commits are durable' <<<"$out" && fail "not durable"
json=$(DATABASE_URL="$DATABASE_URL&options=-c%20synchronous_commit%3Doff" "$PREGON" doctor --json)
$PY -c '
import json, sys
d = json.loads(sys.argv[1])
assert d["errors"] == 0 and d["worst"] == "warning", d
assert any(c["area"] == "database" and c["level"] == "warning" and "synchronous_commit" in c["message"]
           for c in d["checks"]), d
' "$json" || fail "doctor --json: $json"
echo "ok: synchronous_commit off is a warning"

out=$(PREGON_PG_POOL_SIZE=400 "$PREGON" doctor --timeout 2s) && fail "a pool larger than the server should fail"
expect '^error    database             max_connections 300 (3 kept for superusers), [0-9]* in use; a `pregon serve` opens up to 401 connections, a `pregon worker` up to 401 (PREGON_PG_POOL_SIZE=400; .*not even one `serve` fits'
echo "ok: a pool that cannot fit is an error"
