#!/usr/bin/env bash
# DESIGN §5's side-by-side comparison, in one run against one sink: the same N relay messages
# sent to Debian's nginx (bench/nginx-sink) first by the Celery + Redis pipeline of the
# systems pregon replaces (bench/peer/tasks.py: a prefork worker of PROCS processes, a task
# per batch of 50, counters in SQLite), then by one `pregon worker` (bench/nginx_send.sh, 2
# threads, 256 in flight, durable SQLite). Prints both rates and their ratio.
# Needs python3-celery, python3-redis, python3-aiohttp and redis-server from Debian
# (scripts/bootstrap --bench installs them).
# Usage: bench/peer_celery.sh path/to/pregon [N=100000] [LATENCY_MS=0] [PROCS=2]
set -euo pipefail
[ -n "${BENCH_DEBUG:-}" ] && set -x
PREGON=$(realpath "${1:?usage: $0 path/to/pregon [N] [LATENCY_MS] [PROCS]}")
N=${2:-100000}; LATENCY_MS=${3:-0}; PROCS=${4:-2}
here=$(dirname "$(realpath "$0")")
py=/usr/bin/python3  # Debian's python, where python3-celery is
W=$(mktemp -d)
cleanup() {
  [ -n "${celery_pid:-}" ] && kill "$celery_pid" 2>/dev/null && wait "$celery_pid" 2>/dev/null
  [ -n "${redis_pid:-}" ] && kill "$redis_pid" 2>/dev/null
  kill "$(cat "$W/sink/nginx.pid" 2>/dev/null)" 2>/dev/null
  rm -rf "$W"
}
trap cleanup EXIT
free_port() { $py -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
sink_port=$(free_port); redis_port=$(free_port)
"$here/nginx-sink" "$W/sink" "$sink_port" "$LATENCY_MS"
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$W" \
  >"$W/redis.log" 2>&1 &
redis_pid=$!
for _ in $(seq 100); do redis-cli -p "$redis_port" ping 2>/dev/null | grep -q PONG && break; sleep 0.05; done

export PEER_BROKER="redis://127.0.0.1:$redis_port/0" PEER_DB="$W/peer.db" \
  PEER_SINK="http://127.0.0.1:$sink_port/accounts/1/messages" PYTHONDONTWRITEBYTECODE=1
cd "$here/peer"
$py enqueue.py "$N"  # the tasks wait in Redis: like `pregon campaign send`, not timed
done_count() { $py -c "import sqlite3;print(sqlite3.connect('$W/peer.db').execute('SELECT sent+failed, sent FROM campaigns').fetchone()[${1}])"; }
load0=$(cut -d' ' -f1 /proc/loadavg)
t0=$(date +%s%N)
$py -m celery -A tasks worker --pool prefork --concurrency "$PROCS" --loglevel warning \
  --without-gossip --without-mingle --without-heartbeat >"$W/celery.log" 2>&1 &
celery_pid=$!
until [ "$(done_count 0)" -ge "$N" ]; do
  kill -0 "$celery_pid" 2>/dev/null || { echo "peer: the Celery worker died; see below" >&2; cat "$W/celery.log" >&2; exit 1; }
  sleep 0.1
done
t1=$(date +%s%N)
peer_sent=$(done_count 1)
kill "$celery_pid"; wait "$celery_pid" 2>/dev/null || true; celery_pid=""
[ "$peer_sent" = "$N" ] || { echo "peer: only $peer_sent of $N were answered 2xx" >&2; exit 1; }
peer_secs=$($py -c "print(f'{($t1 - $t0) / 1e9:.2f}')")
peer_rate=$($py -c "print(round($N / (($t1 - $t0) / 1e9)))")
echo "peer: celery prefork=$PROCS batch=50 recipients=$N seconds=$peer_secs msgs_per_s=$peer_rate load_avg_before=$load0"

cd "$W"
SINK_DIR="$W/sink" SINK_PORT="$sink_port" "$here/nginx_send.sh" "$PREGON" "$N" 2 1000 256 "$LATENCY_MS" |
  tee pregon.txt
pregon_rate=$(grep -o 'msgs_per_s=[0-9]*' pregon.txt | head -1 | cut -d= -f2)
ratio=$($py -c "print(f'{$pregon_rate / $peer_rate:.1f}')")
echo "side by side: pregon $pregon_rate msgs/s, Celery + Redis $peer_rate msgs/s: ${ratio}x (latency ${LATENCY_MS} ms, N=$N)"
