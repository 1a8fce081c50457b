#!/usr/bin/env bash
# Times an N-recipient relay campaign sent through the real binary to `pregon sandbox`
# (which records every message, so the figure includes the provider's own JSON parsing and
# file appends on the same 2 cores). Prints import, send and total figures and peak RSS.
# LATENCY_MS makes the provider answer as slowly as a real one: the figure then shows how far
# INFLIGHT requests in flight carry one worker (the ideal is INFLIGHT / latency).
# Usage: bench/sandbox_send.sh path/to/pregon [N=100000] [THREADS=4] [BATCH=1000] [INFLIGHT=64] [LATENCY_MS=0]
set -euo pipefail
PREGON=$(realpath "${1:?usage: $0 path/to/pregon [N]}")
N=${2:-100000}; CONC=${3:-4}; BATCH=${4:-1000}; INFLIGHT=${5:-64}; LATENCY_MS=${6:-0}
W=$(mktemp -d); trap 'kill $sp 2>/dev/null || true; rm -rf "$W"' EXIT
cd "$W"
export DATABASE_URL="sqlite://$W/b.db" PREGON_LOG_LEVEL=warn
port=$(/usr/bin/python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
"$PREGON" sandbox --listen "127.0.0.1:$port" --record rec.jsonl --latency-ms "$LATENCY_MS" >sandbox.log 2>&1 & sp=$!
for _ in $(seq 100); do (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.05; done
"$PREGON" migrate 2>/dev/null
"$PREGON" sender add --name b --kind relay --base-url "http://127.0.0.1:$port/" --api-key k \
  --account-id 1 --from-email news@example.com --concurrency "$INFLIGHT" >/dev/null
/usr/bin/python3 -c "
import sys
with open('c.csv','w') as f:
  f.write('email,name\n')
  for i in range($N): f.write(f'user{i}@example.com,User {i}\n')"
t0=$(date +%s%N)
"$PREGON" contacts import c.csv --list L >/dev/null
t1=$(date +%s%N)
id=$("$PREGON" campaign create --name bench --sender b --list L --subject 'Hi {{name}}' \
  --text 'Hello {{name}}' --batch-size "$BATCH" --json | /usr/bin/python3 -c 'import json,sys;print(json.load(sys.stdin)["id"])')
"$PREGON" campaign send "$id" >/dev/null
t2=$(date +%s%N)
/usr/bin/time -f '%M' -o rss.txt "$PREGON" worker --until-idle --concurrency "$CONC"
t3=$(date +%s%N)
sent=$("$PREGON" campaign status "$id" --json | /usr/bin/python3 -c 'import json,sys;print(json.load(sys.stdin)["sent"])')
recorded=$(grep -c . rec.jsonl)
ms() { echo $(( ($2 - $1) / 1000000 )); }
send_ms=$(ms "$t2" "$t3")
echo "recipients=$N sent=$sent recorded_by_sandbox=$recorded worker_threads=$CONC batch=$BATCH" \
     "inflight=$INFLIGHT provider_latency_ms=$LATENCY_MS"
echo "import_ms=$(ms "$t0" "$t1") send_ms=$send_ms msgs_per_s=$(( N * 1000 / (send_ms > 0 ? send_ms : 1) )) worker_peak_rss_kb=$(cat rss.txt)"
