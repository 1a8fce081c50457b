# Shared helpers for the integration tests (sourced). Each test gets a fresh work dir and
# its own sandbox provider on a free loopback port; everything is cleaned up on exit.
set -euo pipefail
PREGON=$(realpath "${1:?usage: $0 path/to/pregon}")
PY=/usr/bin/python3
TEST_DIR=$(cd "$(dirname "$0")" && pwd)
W=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$W"; }
trap cleanup EXIT
cd "$W"
export DATABASE_URL="sqlite://$W/p.db"
export PREGON_LOG_LEVEL=warn

fail() { echo "FAIL: $*" >&2; exit 1; }
free_port() { $PY -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
json_field() { $PY -c "import json,sys;print(json.load(sys.stdin)[sys.argv[1]])" "$1"; }

# start_sandbox [flags...]: starts `pregon sandbox` recording to ${REC:-$W/rec.jsonl}; sets
# SANDBOX_URL and SANDBOX_PID.
start_sandbox() {
  local port; port=$(free_port)
  "$PREGON" sandbox --listen "127.0.0.1:$port" --record "${REC:-$W/rec.jsonl}" "$@" >>"$W/sandbox.log" 2>&1 &
  SANDBOX_PID=$!
  PIDS+=($!)
  for _ in $(seq 100); do (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.05; done
  SANDBOX_URL="http://127.0.0.1:$port/"
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

# start_serve [flags...]: starts `pregon serve` on a free loopback port (log: $W/serve.log);
# sets API_URL and SERVE_PID once /healthz answers. Plain HTTP on loopback: cookies not Secure.
start_serve() {
  local port; port=$(free_port)
  PREGON_COOKIE_SECURE=false "$PREGON" serve --listen "127.0.0.1:$port" "$@" >>"$W/serve.log" 2>&1 &
  SERVE_PID=$!
  PIDS+=($!)
  API_URL="http://127.0.0.1:$port"
  for _ in $(seq 200); do curl -sf "$API_URL/healthz" >/dev/null 2>&1 && return 0; sleep 0.05; done
  fail "pregon serve did not answer /healthz: $(tail -5 "$W/serve.log")"
}

# new_token USERNAME ROLE: creates the user (password "pw-USERNAME-123") and prints an API token.
new_token() {
  echo "pw-$1-123" | "$PREGON" user create --username "$1" --role "$2" --password-stdin >/dev/null
  "$PREGON" token create --username "$1" --name "test $1" 2>/dev/null
}
