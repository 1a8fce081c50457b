#!/usr/bin/env bash
# How long the admin UI's pages take with a large database (under 50 ms server-side with
# 1,000,000 deliveries is the aim): a campaign of RECIPIENTS recipients sent in full through
# the nginx sink (so its deliveries, ranges and event log exist), 200 more campaigns for the
# lists and 100,000 suppressed addresses, then each page fetched REPEAT times with a signed-in
# session. Prints the median and p95 of each page as pregon's own access log measures it (from
# the request parsed to the answer ready, so the time on the wire is left out), as a Markdown
# table.
# Usage: bench/ui_pages.sh path/to/pregon [RECIPIENTS=1000000] [REPEAT=50]
set -euo pipefail
PREGON=$(realpath "${1:?usage: $0 path/to/pregon [RECIPIENTS] [REPEAT]}")
N=${2:-1000000}; REPEAT=${3:-50}
here=$(dirname "$(realpath "$0")")
W=$(mktemp -d)
trap 'kill $(cat "$W/sink/nginx.pid" 2>/dev/null) ${serve_pid:-} 2>/dev/null || true; rm -rf "$W"' EXIT
cd "$W"
py=/usr/bin/python3
export DATABASE_URL="sqlite://$W/ui.db" PREGON_LOG_LEVEL=warn
port=$($py -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
"$here/nginx-sink" "$W/sink" "$port" 0

"$PREGON" migrate >/dev/null
"$PREGON" sender add --name sink --kind relay --base-url "http://127.0.0.1:$port/" --api-key k \
  --account-id 1 --from-email news@example.com --concurrency 256 >/dev/null
$py -c "
with open('c.csv','w') as f:
  f.write('email,name,city\n')
  for i in range($N): f.write(f'user{i}@example.com,User {i},City {i%50}\n')"
"$PREGON" contacts import c.csv --list big >/dev/null
id=$("$PREGON" campaign create --name "Big send" --sender sink --list big --subject 'Hi {{name}}' \
  --text 'Hello {{name}} in {{city}}' --batch-size 500 --json | $py -c 'import json,sys;print(json.load(sys.stdin)["id"])')
"$PREGON" campaign send "$id" >/dev/null
"$PREGON" worker --until-idle --concurrency 2 >/dev/null
# The big campaign's provider reports, ready as if fetched (the sink keeps none): sent names
# every address but each 1,000th, bounces each 500th, opens a third; each is loaded into the
# default database, where the load also works out what View report shows (timed).
$py - "$W/ui.db" "$id" "$N" <<'PY'
import os, sqlite3, sys, time
db, campaign, n = sqlite3.connect(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
now = int(time.time() * 1000)
sender = db.execute("SELECT sender_id FROM campaigns WHERE id = ?", (campaign,)).fetchone()[0]
for kind, keep, status in (("sent", lambda i: i % 1000, "Delivered"),
                           ("bounces", lambda i: i % 500 == 0, "Hard bounce: 550 5.1.1 no such user"),
                           ("opens", lambda i: i % 3 == 0, "Opened")):
    path = f"{kind}.csv"
    with open(path, "w") as f:
        f.write("Subject,Sender,SenderName,Email,Status,Date,Opens,Clicks,Tag\n")
        for i in range(n):
            if keep(i):
                f.write(f"Hi,news@example.com,News,user{i}@example.com,{status},"
                        f"2026-12-01 {i % 24:02d}:{i % 60:02d}:00,{1 if kind == 'opens' else 0},0,x\n")
    db.execute("INSERT INTO report_requests (campaign_id, sender_id, type, day_from, day_to, time_zone,"
               " state, file_path, not_before, created_at, updated_at) VALUES (?, ?, ?, '2026-12-01',"
               " '2026-12-01', 'UTC', 'ready', ?, ?, ?, ?)",
               (campaign, sender, kind, os.path.join(os.getcwd(), path), now, now, now))
db.commit()
PY
for rid in 1 2 3; do
  /usr/bin/time -f "report $rid loaded in %e s, peak RSS %M KiB" "$PREGON" report load "$rid" >/dev/null
done 2>&1 | sed 's/^/# /'
head -n 100001 c.csv >suppressed.csv
"$PREGON" suppression import suppressed.csv --reason bounced >/dev/null
head -n 101 c.csv >small.csv
"$PREGON" contacts import small.csv --list small >/dev/null
for i in $(seq 200); do
  "$PREGON" campaign create --name "Campaign $i" --sender sink --list small --subject Hi --text 'Hi {{name}}' >/dev/null
done
deliveries=$(sqlite3 "$W/ui.db" 'SELECT count(*) FROM deliveries' 2>/dev/null || echo "$N")
events=$(sqlite3 "$W/ui.db" "SELECT count(*) FROM campaign_events WHERE campaign_id = $id" 2>/dev/null || echo "?")
echo "pw-bench-12345" | "$PREGON" user create --username bench --role admin --password-stdin >/dev/null

PREGON_COOKIE_SECURE=false "$PREGON" --log-level debug serve --listen 127.0.0.1:0 >serve.log 2>&1 &
serve_pid=$!
for _ in $(seq 200); do url=$(sed -n 's|.*HTTP API listening on \(http://[0-9.]*:[0-9]*\).*|\1|p' serve.log | head -1); [ -n "$url" ] && break; sleep 0.05; done
curl -sf -c jar -o /dev/null -d 'username=bench&password=pw-bench-12345' "$url/login"

echo "database: $deliveries deliveries, campaign $id with $events events, 201 campaigns; load average before: $(cut -d' ' -f1 /proc/loadavg)"
echo "| Page | median | p95 |"
echo "| --- | --- | --- |"
for page in "/" "/campaigns" "/campaigns?q=Campaign%201" "/campaigns/$id" "/campaigns/$id/deliveries" \
            "/campaigns/$id/deliveries?status=sent&after=900000" "/campaigns/$id/preview" "/campaigns/new" "/users" \
            "/suppressions" "/suppressions?reason=bounced&after=user50000%40example.com" \
            "/campaigns/$id/report" "/reports" "/lists" "/lists/1" "/lists/1?after=900000" \
            "/lists?q=user999999%40example.com" "/senders" "/slots" "/profile"; do
  : >serve.log
  for _ in $(seq "$REPEAT"); do curl -sf -b jar -o /dev/null "$url$page"; done
  path=${page%%\?*}
  $py - "$path" "$page" <<'PY'
import re, sys
path, page = sys.argv[1], sys.argv[2]
times = []
for line in open("serve.log"):
    m = re.search(r"GET (\S+) 200 ([0-9.]+) ms", line)
    if m and m.group(1) == path: times.append(float(m.group(2)))
times.sort()
if not times: sys.exit(f"no timings for {page} in serve.log")
p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
print(f"| `{page}` | {times[len(times)//2]:.1f} ms | {p95:.1f} ms |")
PY
done
