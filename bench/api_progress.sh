#!/usr/bin/env bash
# Requests/s of the campaign progress endpoint (GET /api/v1/campaigns/{id}/progress: token
# check, status and exact counters from the store) under `pregon serve`, measured with wrk.
# The campaign has 10,000 recipients in 200 batches, already sent, so the counters are a
# real sum over its ranges. wrk and the server share the machine's cores.
# It then measures GET /healthz the same way: the HTTP layer alone, for comparison.
# Usage: bench/api_progress.sh path/to/pregon [seconds=10] [connections=16] [threads=1]
set -euo pipefail
PREGON=$(realpath "${1:?usage: $0 path/to/pregon [seconds] [connections] [threads]}")
SECS=${2:-10}; CONNS=${3:-16}; THREADS=${4:-1}
command -v wrk >/dev/null || { echo "wrk is not installed (scripts/bootstrap --test)" >&2; exit 1; }
W=$(mktemp -d); sp=""; ap=""; trap 'kill $sp $ap 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$W"' EXIT
cd "$W"
export DATABASE_URL="sqlite://$W/b.db" PREGON_LOG_LEVEL=warn
free_port() { /usr/bin/python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
port=$(free_port)
"$PREGON" sandbox --listen "127.0.0.1:$port" >sandbox.log 2>&1 & sp=$!
"$PREGON" migrate 2>/dev/null
"$PREGON" sender add --name b --kind relay --base-url "http://127.0.0.1:$port/" --api-key k \
  --account-id 1 --from-email news@example.com --concurrency 64 >/dev/null
/usr/bin/python3 -c "
with open('c.csv','w') as f:
  f.write('email,name\n')
  for i in range(10000): f.write(f'user{i}@example.com,User {i}\n')"
"$PREGON" contacts import c.csv --list L >/dev/null
id=$("$PREGON" campaign create --name bench --sender b --list L --subject 'Hi {{name}}' --text 'Hello {{name}}' --batch-size 50 --json \
  | /usr/bin/python3 -c 'import json,sys;print(json.load(sys.stdin)["id"])')
"$PREGON" campaign send "$id" >/dev/null
"$PREGON" worker --until-idle >/dev/null 2>&1
echo pw-bench-12345 | "$PREGON" user create --username bench --role viewer --password-stdin >/dev/null
token=$("$PREGON" token create --username bench 2>/dev/null)
api_port=$(free_port)
"$PREGON" serve --listen "127.0.0.1:$api_port" >serve.log 2>&1 & ap=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$api_port/healthz" >/dev/null 2>&1 && break; sleep 0.05; done
url="http://127.0.0.1:$api_port/api/v1/campaigns/$id/progress"
curl -sf -H "Authorization: Bearer $token" "$url"; echo
echo "wrk -t$THREADS -c$CONNS -d${SECS}s -H 'Authorization: Bearer …' $url"
wrk -t"$THREADS" -c"$CONNS" -d"${SECS}s" --latency -H "Authorization: Bearer $token" "$url"
# For comparison, the HTTP layer alone: /healthz touches neither the token check nor the store.
echo "wrk -t$THREADS -c$CONNS -d${SECS}s http://127.0.0.1:$api_port/healthz"
wrk -t"$THREADS" -c"$CONNS" -d"${SECS}s" --latency "http://127.0.0.1:$api_port/healthz"
