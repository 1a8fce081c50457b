#!/usr/bin/env bash
# The DESIGN §5 throughput benchmark: relay campaigns of each size in SIZES sent by one
# `pregon worker` (durable SQLite) to a neutral sink — Debian's nginx answering every send
# with a fixed 200 — whose own ceiling `wrk` measures first, in the same run, with requests
# of the same size. Prints one result line per size and a Markdown table row for
# docs/BENCHMARKS.md.
# LATENCY_MS > 0 delays every answer of the sink like a real provider's (the ideal is then
# INFLIGHT / latency messages/s, and wrk's ceiling is measured with the same delay).
# PROTO=https or PROTO=h2 (environment) puts the sink behind TLS, speaking HTTP/1.1 or
# HTTP/2; its ceiling is then measured by wrk over TLS, or by h2load with as many
# connections as libcurl opens (100 streams each).
# Usage: bench/nginx_send.sh path/to/pregon [SIZES="100000 1000000"] [THREADS=2] [BATCH=1000] [INFLIGHT=64] [LATENCY_MS=0]
set -euo pipefail
PREGON=$(realpath "${1:?usage: $0 path/to/pregon [SIZES] [THREADS] [BATCH] [INFLIGHT] [LATENCY_MS]}")
SIZES=${2:-100000 1000000}; THREADS=${3:-2}; BATCH=${4:-1000}; INFLIGHT=${5:-64}; LATENCY_MS=${6:-0}
PROTO=${PROTO:-http}
here=$(dirname "$(realpath "$0")")
W=$(mktemp -d)
cd "$W"
py=/usr/bin/python3
# SINK_DIR and SINK_PORT: a sink already running (bench/peer_celery.sh shares its own).
if [ -n "${SINK_PORT:-}" ]; then
  sink=${SINK_DIR:?SINK_DIR must name the directory of the running sink}; port=$SINK_PORT
  trap 'rm -rf "$W"' EXIT
else
  sink="$W/sink"
  trap 'kill $(cat "$sink/nginx.pid" 2>/dev/null) 2>/dev/null || true; rm -rf "$W"' EXIT
  port=$($py -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
  "$here/nginx-sink" "$sink" "$port" "$LATENCY_MS" "$PROTO"
fi
scheme=http
if [ "$PROTO" != http ]; then scheme=https; export PREGON_CA_FILE="$sink/cert.pem"; fi
json() { $py -c "import json,sys;d=json.load(sys.stdin);print($1)"; }
# CPU seconds (user + system) the sink's nginx worker has used so far.
sink_cpu() {
  local w; w=$(pgrep -P "$(cat "$sink/nginx.pid")" | head -1)
  awk -v t="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / t}' "/proc/$w/stat"
}

# The sink's ceiling, with POSTs the size of the relay requests pregon makes below.
cat >post.lua <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"from_name":"Bench","from_email":"news@example.com","recipients":[{"type":"to","email":"user123456@example.com","name":"User 123456"}],"subject":"Hi User 123456","text":"Hello User 123456, this is the weekly news."}'
LUA
url="$scheme://127.0.0.1:$port/accounts/1/messages"
if [ "$PROTO" = h2 ]; then
  sed -n "s/^wrk.body = '\(.*\)'$/\1/p" post.lua >body.json
  conns=$(( (INFLIGHT + 99) / 100 ))
  ceiling=$(h2load -D 5 -c "$conns" -m $(( (INFLIGHT + conns - 1) / conns )) -d body.json \
              -H 'content-type: application/json' "$url" | awk '/^finished in/ {printf "%d", $4}')
  tool="h2load -c$conns, $INFLIGHT streams"
else
  ceiling=$(wrk -t1 -c"$INFLIGHT" -d5s -s post.lua "$url" | awk '/Requests\/sec/ {printf "%d", $2}')
  tool="wrk -t1 -c$INFLIGHT"
fi
echo "sink_ceiling_req_per_s=$ceiling ($tool -d5s, $PROTO, nginx 1 worker, answers after ${LATENCY_MS} ms)"

$py -c "
import sys
with open('c.csv','w') as f:
  f.write('email,name\n')
  for i in range(max(int(n) for n in '$SIZES'.split())): f.write(f'user{i}@example.com,User {i}\n')"
for N in $SIZES; do
  export DATABASE_URL="sqlite://$W/b$N.db" PREGON_LOG_LEVEL=warn
  head -n $((N + 1)) c.csv >"c$N.csv"
  "$PREGON" migrate >/dev/null
  "$PREGON" sender add --name b --kind relay --base-url "$scheme://127.0.0.1:$port/" --api-key k \
    --account-id 1 --from-email news@example.com --from-name Bench --concurrency "$INFLIGHT" >/dev/null
  load0=$(cut -d' ' -f1 /proc/loadavg)  # anything else running skews the figures
  t0=$(date +%s%N)
  "$PREGON" contacts import "c$N.csv" --list L >/dev/null
  t1=$(date +%s%N)
  id=$("$PREGON" campaign create --name bench --sender b --list L --subject 'Hi {{name}}' \
    --text 'Hello {{name}}, this is the weekly news.' --batch-size "$BATCH" --json | json 'd["id"]')
  "$PREGON" campaign send "$id" >/dev/null
  sink0=$(sink_cpu)
  /usr/bin/time -f '%M %U %S' -o time.txt \
    "$PREGON" worker --until-idle --concurrency "$THREADS" --json >worker.json
  read -r rss_kb user_s sys_s <time.txt
  sink_s=$($py -c "print(f'{$(sink_cpu) - $sink0:.2f}')")
  status=$("$PREGON" campaign status "$id" --json)
  sent=$(echo "$status" | json 'd["sent"]'); state=$(echo "$status" | json 'd["status"]')
  [ "$sent" = "$N" ] && [ "$state" = done ] || { echo "bench: campaign ended $state with $sent of $N sent" >&2; exit 1; }
  secs=$(json 'd["seconds"]' <worker.json)
  rate=$(json 'round(d["messages"]/d["seconds"])' <worker.json)
  p50=$(json 'd["claim_to_result_ms"]["p50"]' <worker.json); p99=$(json 'd["claim_to_result_ms"]["p99"]' <worker.json)
  frac=$($py -c "print(f'{$rate/$ceiling*100:.0f}')")
  echo "proto=$PROTO recipients=$N threads=$THREADS batch=$BATCH inflight=$INFLIGHT import_s=$(( (t1 - t0) / 1000000 ))ms" \
       "send_s=$secs msgs_per_s=$rate of_ceiling=${frac}% peak_rss_mb=$((rss_kb / 1024))" \
       "worker_cpu_s=$user_s+$sys_s sink_cpu_s=$sink_s claim_to_result_ms_p50=$p50 p99=$p99" \
       "load_avg_before=$load0"
  echo "| $N | $(printf '%.1f' "$secs") s | $rate | $ceiling | ${frac} % | $((rss_kb / 1024)) MB | $p50 / $p99 ms |"
  rm -f "$W/b$N.db"*
done
