#!/usr/bin/env bash
# The audience's path into a send, at size N (DESIGN §5: peak RSS ≤ 64 MB whatever the
# audience, the import ≥ 150,000 rows/s): `contacts import` of an N-row CSV (e-mail, name and
# one free field) into a new list, the same file again into the list (every contact updated),
# and the snapshot a campaign to that list takes when it starts — the time from starting a
# worker to its "started" log line, and the worker's peak RSS then (it is stopped there,
# before it sends).
# Usage: bench/audience_import.sh path/to/pregon [N=1000000]
set -euo pipefail
PREGON=$(realpath "${1:?usage: $0 path/to/pregon [N]}")
N=${2:-1000000}
W=$(mktemp -d)
trap '[ -n "${worker:-}" ] && kill "$worker" 2>/dev/null; rm -rf "$W"' EXIT
cd "$W"
export DATABASE_URL="sqlite://$W/a.db" PREGON_LOG_LEVEL=warn
py=/usr/bin/python3
$py -c "
with open('c.csv', 'w') as f:
  f.write('email,name,ciudad\n')
  for i in range($N): f.write(f'user{i}@example.com,User {i},Lima\n')"
"$PREGON" migrate >/dev/null
echo "load_avg_before=$(cut -d' ' -f1 /proc/loadavg)"
import() {  # label, list
  /usr/bin/time -f '%e %M' -o t.txt "$PREGON" contacts import c.csv --list "$2" >/dev/null
  read -r secs kb <t.txt
  echo "$1: rows=$N seconds=$secs rows_per_s=$($py -c "print(round($N / $secs))") peak_rss_mb=$((kb / 1024))"
}
import "import (new contacts)" L
import "import again (every contact updated)" L

"$PREGON" sender add --name s --kind sandbox --base-url "$W/outbox.jsonl" >/dev/null
id=$("$PREGON" campaign create --name snap --sender s --list L --subject 'Hi {{name}}' \
  --text 'Hello {{name}}' --json | $py -c 'import json,sys;print(json.load(sys.stdin)["id"])')
"$PREGON" campaign send "$id" >/dev/null
t0=$(date +%s%N)
PREGON_LOG_LEVEL=info "$PREGON" worker --concurrency 1 >worker.log 2>&1 &
worker=$!
until grep -q "campaign $id: started" worker.log; do
  kill -0 "$worker" 2>/dev/null || { cat worker.log >&2; exit 1; }
  sleep 0.02
done
t1=$(date +%s%N)
hwm_kb=$(awk '/VmHWM/ {print $2}' "/proc/$worker/status")
kill "$worker"; wait "$worker" 2>/dev/null || true; worker=""
echo "snapshot: recipients=$N seconds=$($py -c "print(f'{($t1 - $t0) / 1e9:.2f}')") worker_peak_rss_mb=$((hwm_kb / 1024))"
