#!/usr/bin/env bash
# A paced send: RECIPIENTS messages to a relay sender limited to RATE msgs/s, through the
# nginx sink answering after 50 ms, by one `pregon worker --until-idle` (2 threads). Prints
# the worker's wall time and CPU: the rate sets the wall time, so the CPU is what pacing
# costs (a thread waiting for the rate's next send instead of polling for it).
# Usage: bench/paced_send.sh path/to/pregon [RECIPIENTS=300] [RATE=30]
set -euo pipefail
PREGON=$(realpath "${1:?usage: $0 path/to/pregon [RECIPIENTS] [RATE]}")
N=${2:-300}; RATE=${3:-30}
here=$(dirname "$(realpath "$0")")
py=/usr/bin/python3
W=$(mktemp -d)
cd "$W"
port=$($py -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
trap 'kill $(cat "$W/sink/nginx.pid" 2>/dev/null) 2>/dev/null || true; rm -rf "$W"' EXIT
"$here/nginx-sink" "$W/sink" "$port" 50
export DATABASE_URL="sqlite://$W/p.db" PREGON_LOG_LEVEL=warn
"$PREGON" migrate >/dev/null
"$PREGON" sender add --name b --kind relay --base-url "http://127.0.0.1:$port/" --api-key k \
  --account-id 1 --from-email news@example.com --from-name Bench --concurrency 64 --rate "$RATE" >/dev/null
$py -c "
with open('c.csv','w') as f:
  f.write('email,name\n')
  for i in range($N): f.write(f'user{i}@example.com,User {i}\n')"
"$PREGON" contacts import c.csv --list L >/dev/null
id=$("$PREGON" campaign create --name paced --sender b --list L --subject Hi --text Hello --json |
     $py -c 'import json,sys;print(json.load(sys.stdin)["id"])')
"$PREGON" campaign send "$id" >/dev/null
/usr/bin/time -f '%e %U %S' -o time.txt "$PREGON" worker --until-idle --concurrency 2 >/dev/null
read -r wall user sys <time.txt
sent=$("$PREGON" campaign status "$id" --json | $py -c 'import json,sys;print(json.load(sys.stdin)["sent"])')
[ "$sent" = "$N" ] || { echo "paced_send: $sent of $N sent" >&2; exit 1; }
echo "recipients=$N rate=$RATE wall_s=$wall worker_cpu_s=$user+$sys"
