# Shared helpers for the integration tests (sourced). Each test gets a fresh work dir and
# its own sandbox provider on a free loopback port; everything is cleaned up on exit.
set -euo pipefail
PREGON=$(realpath "${1:?usage: $0 path/to/pregon}")
PY=/usr/bin/python3
TEST_DIR=$(cd "$(dirname "$0")" && pwd)
W=$(mktemp -d)
PIDS=()
PG_DATABASES=()
PG_SCRATCH=$(realpath "$TEST_DIR/../../scripts/pg-scratch")
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for d in "${PG_DATABASES[@]}"; do psql "$PREGON_TEST_PG_URL" -qAt -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1 || true; done
  [ -n "${OWN_PG:-}" ] && "$PG_SCRATCH" destroy "$OWN_PG" >/dev/null 2>&1
  rm -rf "$W"
}
trap cleanup EXIT
cd "$W"
export DATABASE_URL="sqlite://$W/p.db"
export PREGON_LOG_LEVEL=warn

fail() { echo "FAIL: $*" >&2; exit 1; }
json_field() { $PY -c "import json,sys;print(json.load(sys.stdin)[sys.argv[1]])" "$1"; }
lines() { if [ -f "$1" ]; then wc -l <"$1"; else echo 0; fi; }  # lines in a file, 0 if it is not there yet

# bound_url LOG WHAT: waits for the "WHAT listening on http://HOST:PORT" line a server started
# on port 0 writes to LOG, and prints http://HOST:PORT (no free port is picked and released
# first, so two tests can never race for it).
bound_url() {
  local log=$1 what=$2 url=""
  for _ in $(seq 400); do
    url=$(sed -n "s|.*$what listening on \(http://[0-9.]*:[0-9]*\).*|\1|p" "$log" 2>/dev/null | head -1)
    [ -n "$url" ] && { echo "$url"; return 0; }
    sleep 0.05
  done
  fail "$what did not start: $(tail -5 "$log")"
}

# start_sandbox [flags...]: starts `pregon sandbox` on a free loopback port, recording to
# ${REC:-$W/rec.jsonl}; sets SANDBOX_URL and SANDBOX_PID.
start_sandbox() {
  local log; log=$(mktemp "$W/sandbox.XXXXXX.log")
  "$PREGON" --log-level info sandbox --listen 127.0.0.1:0 --record "${REC:-$W/rec.jsonl}" "$@" >>"$log" 2>&1 &
  SANDBOX_PID=$!
  PIDS+=($!)
  SANDBOX_URL="$(bound_url "$log" "sandbox provider")/"
}

# contacts N FILE: a CSV of N contacts p0@example.com..p{N-1}@example.com.
contacts() {
  $PY -c "
import sys
n=int(sys.argv[1])
with open(sys.argv[2],'w') as f:
  f.write('email,name,city\n')
  for i in range(n): f.write(f'p{i}@example.com,Name {i},City {i%7}\n')" "$1" "$2"
}

# expect_error "description" command...: the command must fail with a one-line error on stderr.
expect_error() {
  local what=$1; shift
  local err; err=$(mktemp)
  if "$@" >/dev/null 2>"$err"; then fail "$what: succeeded, expected an error"; fi
  grep -q '^pregon: error: ' "$err" || fail "$what: no 'pregon: error:' line on stderr: $(cat "$err")"
  echo "ok: $what -> $(grep '^pregon: error: ' "$err" | head -1)"
  rm -f "$err"
}

# fresh_db sqlite|postgres NAME: points DATABASE_URL at a new, empty database of that backend.
# PostgreSQL databases are made on the throw-away server of PREGON_TEST_PG_URL (set by
# scripts/run-tests); without it the test fails — it never passes by skipping PostgreSQL.
fresh_db() {
  local backend=$1 name=$2
  case "$backend" in
    sqlite) export DATABASE_URL="sqlite://$W/$name.db" ;;
    postgres)
      [ -n "${PREGON_TEST_PG_URL:-}" ] ||
        fail "PREGON_TEST_PG_URL is not set: run with scripts/run-tests or scripts/pg-scratch run ctest"
      local db="t_$$_${name}_${RANDOM}"
      psql "$PREGON_TEST_PG_URL" -qAt -c "CREATE DATABASE $db" >/dev/null || fail "cannot create database $db"
      PG_DATABASES+=("$db")
      DATABASE_URL=$($PY -c "import sys, urllib.parse as u
p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path='/' + sys.argv[2])))" "$PREGON_TEST_PG_URL" "$db")
      export DATABASE_URL
      ;;
    *) fail "fresh_db: unknown backend $backend" ;;
  esac
}

# db_rows SQL: runs a statement on DATABASE_URL (either backend), committed, and prints its
# rows, one a line, columns separated by tabs.
db_rows() {
  case "$DATABASE_URL" in
    sqlite://*) $PY -c "
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = db.execute(sys.argv[2]).fetchall()
db.commit()
for r in rows: print('\t'.join(map(str, r)))" "${DATABASE_URL#sqlite://}" "$1" ;;
    *) psql "$DATABASE_URL" -qAt -F $'\t' -c "$1" ;;
  esac
}

# start_own_postgres: a PostgreSQL server of this test's own (which it may stop, crash and
# restart without disturbing other tests); sets OWN_PG (its directory, for scripts/pg-scratch)
# and points DATABASE_URL at it. Removed on exit.
start_own_postgres() {
  OWN_PG=$(mktemp -d /tmp/pregon-pg-own.XXXXXX)  # outside $W: the server may run as another user
  # Durable commits, as in production: with synchronous_commit off a crash forgets the last
  # commits it acknowledged, and no client can survive that (docs/SCALING.md).
  DATABASE_URL=$(PG_SCRATCH_FSYNC=on PG_SCRATCH_SYNCHRONOUS_COMMIT=on "$PG_SCRATCH" start "$OWN_PG") ||
    fail "cannot start a PostgreSQL server"
  export DATABASE_URL
}

# start_serve [flags...]: starts `pregon serve` on a free loopback port (log: $W/serve.*.log);
# sets API_URL and SERVE_PID once /healthz answers. Plain HTTP on loopback: cookies not Secure.
start_serve() {
  local log; log=$(mktemp "$W/serve.XXXXXX.log")
  PREGON_COOKIE_SECURE=false "$PREGON" --log-level info serve --listen 127.0.0.1:0 "$@" >>"$log" 2>&1 &
  SERVE_PID=$!
  PIDS+=($!)
  API_URL=$(bound_url "$log" "HTTP API")
  for _ in $(seq 200); do curl -sf "$API_URL/healthz" >/dev/null 2>&1 && break; sleep 0.05; done
  curl -sf "$API_URL/healthz" >/dev/null 2>&1 || fail "pregon serve did not answer /healthz: $(tail -5 "$log")"
}

# new_token USERNAME ROLE: creates the user (password "pw-USERNAME-123") and prints an API token.
new_token() {
  echo "pw-$1-123" | "$PREGON" user create --username "$1" --role "$2" --password-stdin >/dev/null
  "$PREGON" token create --username "$1" --name "test $1" 2>/dev/null
}
