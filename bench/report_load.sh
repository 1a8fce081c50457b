#!/usr/bin/env bash
# Loading a large provider report: a `sent` report is fetched from the sandbox, its file is
# replaced by one of ROWS generated rows (the relay's columns, a Date in the sender's zone,
# one extra column), and `pregon report load --replace` is timed with its peak RSS, on
# durable SQLite, and into a PostgreSQL analytics database when PG_URL (or PREGON_TEST_PG_URL,
# as `scripts/pg-scratch run` sets) names a server.
# Usage: bench/report_load.sh path/to/pregon [rows=1000000]
set -euo pipefail
PREGON=$(realpath "${1:?usage: $0 path/to/pregon [rows]}")
ROWS=${2:-1000000}
PG_URL=${PG_URL:-${PREGON_TEST_PG_URL:-}}
W=$(mktemp -d); sp=""; trap 'kill $sp 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$W"' EXIT
cd "$W"
export DATABASE_URL="sqlite://$W/b.db" PREGON_LOG_LEVEL=warn PREGON_REPORTS_POLL_INITIAL=100ms
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
free_port() { /usr/bin/python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
port=$(free_port)
"$PREGON" sandbox --listen "127.0.0.1:$port" --record rec.jsonl >sandbox.log 2>&1 & sp=$!
for _ in $(seq 100); do grep -q listening sandbox.log 2>/dev/null && break; sleep 0.05; done
"$PREGON" migrate 2>/dev/null
"$PREGON" sender add --name b --kind relay --base-url "http://127.0.0.1:$port/" --api-key k \
  --account-id 1 --from-email news@example.com >/dev/null
rid=$("$PREGON" report request --sender b --from "$(date -u +%F)" --type sent --json |
  /usr/bin/python3 -c 'import json,sys;print(json.load(sys.stdin)["report_requests"][0])')
for _ in $(seq 50); do
  "$PREGON" process-reports-pending >/dev/null
  "$PREGON" report list --state ready --json | grep -q "\"id\":$rid," && break
  sleep 0.2
done
file=$("$PREGON" report list --json | /usr/bin/python3 -c "
import json,sys;print([r['file_path'] for r in json.load(sys.stdin)['report_requests'] if r['id']==$rid][0])")
/usr/bin/python3 - "$file" "$ROWS" <<'PY'
import sys
n = int(sys.argv[2])
with open(sys.argv[1], "w") as f:
    f.write("Subject,Sender,SenderName,Email,Status,Date,Opens,Clicks,Tag\n")
    for i in range(n):
        f.write(f"Ofertas de diciembre,news@example.com,Tienda,user{i}@example.com,Delivered,"
                f"2026-12-01 {i % 24:02d}:{i % 60:02d}:00,{i % 3},{i % 2},promo\n")
PY
echo "report file: $ROWS rows, $(du -h "$file" | cut -f1)"
load() {
  /usr/bin/time -f "%e s, peak RSS %M KiB" "$PREGON" report load "$rid" --alias "$1" --replace --json 2>time.txt >out.json
  rows=$(/usr/bin/python3 -c 'import json;print(json.load(open("out.json"))["rows"])')
  secs=$(cut -d' ' -f1 time.txt)
  echo "$1 ($2): $rows rows in $(cat time.txt); $(/usr/bin/python3 -c "print(f'{$rows/$secs:,.0f}')") rows/s"
}
load default SQLite
if [ -n "${PG_URL:-}" ]; then
  db="bench_reports_$$"
  psql "$PG_URL" -qAt -c "CREATE DATABASE $db" >/dev/null
  export ANALYTICS_DATABASE_URL=$(/usr/bin/python3 -c "import sys, urllib.parse as u
p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path='/' + sys.argv[2])))" "$PG_URL" "$db")
  "$PREGON" report load "$rid" --alias analytics >/dev/null  # creates the tables (first load)
  load analytics PostgreSQL
  psql "$PG_URL" -qAt -c "DROP DATABASE $db WITH (FORCE)" >/dev/null
fi
