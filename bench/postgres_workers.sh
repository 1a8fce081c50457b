#!/usr/bin/env bash
# Many nodes on PostgreSQL: one relay campaign of N recipients sent by 1, 2 and 4 `pregon
# worker` processes sharing one PostgreSQL (a throw-away server with production durability:
# fsync and synchronous_commit on), to the nginx sink (bench/nginx-sink). Reports messages/s,
# the database's CPU time (postmaster, its background processes and every backend) and the
# workers' CPU time, per run. All on this one machine: on M machines the workers' CPU would
# be theirs, so the database CPU per message is the figure that carries over.
# Usage: bench/postgres_workers.sh path/to/pregon [N=100000] [PROCS="1 2 4"] [THREADS=2] [INFLIGHT=64]
set -euo pipefail
PREGON=$(realpath "${1:?usage: $0 path/to/pregon [N] [PROCS] [THREADS] [INFLIGHT]}")
N=${2:-100000}; PROCS=${3:-1 2 4}; THREADS=${4:-2}; INFLIGHT=${5:-64}
here=$(dirname "$(realpath "$0")"); scratch="$here/../scripts/pg-scratch"
W=$(mktemp -d); PG=$(mktemp -d /tmp/pregon-pg-bench.XXXXXX)
trap 'kill $(cat "$W/sink/nginx.pid" 2>/dev/null) 2>/dev/null || true; "$scratch" destroy "$PG" >/dev/null 2>&1; rm -rf "$W"' EXIT
cd "$W"
py=/usr/bin/python3
json() { $py -c "import json,sys;d=json.load(sys.stdin);print($1)"; }
port=$($py -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
"$here/nginx-sink" "$W/sink" "$port"
base_url=$(PG_SCRATCH_FSYNC=on PG_SCRATCH_SYNCHRONOUS_COMMIT=on "$scratch" start "$PG")
export PREGON_LOG_LEVEL=warn

# CPU seconds used so far by the PostgreSQL server: the postmaster (with the backends it has
# reaped, cutime/cstime) plus every live child process.
db_cpu() {
  local pm; pm=$(head -1 "$PG/data/postmaster.pid")
  local t; t=$(getconf CLK_TCK)
  { awk '{print $14 + $15 + $16 + $17}' "/proc/$pm/stat"
    for c in $(pgrep -P "$pm"); do awk '{print $14 + $15}' "/proc/$c/stat" 2>/dev/null || true; done
  } | awk -v t="$t" '{s += $1} END {printf "%.2f", s / t}'
}

$py -c "
with open('c.csv','w') as f:
  f.write('email,name\n')
  for i in range($N): f.write(f'user{i}@example.com,User {i}\n')"
echo "| worker processes | send time | messages/s | database CPU | database CPU per 1,000 msgs | workers' CPU |"
echo "| --- | --- | --- | --- | --- | --- |"
for procs in $PROCS; do
  db="b$procs"
  psql "$base_url" -qAt -c "CREATE DATABASE $db" >/dev/null
  export DATABASE_URL=$($py -c "import sys, urllib.parse as u
p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path='/' + sys.argv[2])))" "$base_url" "$db")
  "$PREGON" migrate 2>/dev/null
  "$PREGON" sender add --name b --kind relay --base-url "http://127.0.0.1:$port/" --api-key k \
    --account-id 1 --from-email news@example.com --from-name Bench --concurrency "$INFLIGHT" >/dev/null
  "$PREGON" contacts import c.csv --list L >/dev/null
  id=$("$PREGON" campaign create --name bench --sender b --list L --subject 'Hi {{name}}' \
    --text 'Hello {{name}}, this is the weekly news.' --batch-size 1000 --json | json 'd["id"]')
  "$PREGON" campaign send "$id" >/dev/null
  "$PREGON" process-scheduled >/dev/null 2>&1  # snapshot the audience before the clock starts
  cpu0=$(db_cpu); t0=$(date +%s%N)
  pids=()
  for i in $(seq "$procs"); do
    /usr/bin/time -f '%U %S' -o "time$i.txt" "$PREGON" worker --until-idle --concurrency "$THREADS" \
      >/dev/null 2>"w$i.log" & pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p"; done
  t1=$(date +%s%N); cpu1=$(db_cpu)
  st=$("$PREGON" campaign status "$id" --json)
  [ "$(echo "$st" | json 'd["sent"]')" = "$N" ] || { echo "bench: not all sent: $st" >&2; exit 1; }
  wcpu=$(cat time*.txt | awk '{s += $1 + $2} END {printf "%.1f", s}')
  $py -c "
secs = ($t1 - $t0) / 1e9; db = $cpu1 - $cpu0
print(f'| $procs | {secs:.1f} s | {$N / secs:,.0f} | {db:.1f} s | {db / $N * 1000 * 1000:.0f} ms | $wcpu s |')"
  rm -f time*.txt
done
