#!/usr/bin/env bash
# `report load --replace` is one transaction: a process killed (SIGKILL) in the middle of
# replacing a report's rows leaves the earlier rows exactly as they were — never a mix, never
# none — and the next --replace completes.
source "$(dirname "$0")/lib.sh"

start_sandbox --seed 2
"$PREGON" migrate 2>/dev/null
"$PREGON" sender add --name relay1 --kind relay --base-url "$SANDBOX_URL" --api-key k \
  --account-id 7 --from-email news@example.com >/dev/null
contacts 40 c.csv
"$PREGON" contacts import c.csv --list L >/dev/null
id=$("$PREGON" campaign create --name t --sender relay1 --list L --subject Hola --text hi --json | json_field id)
"$PREGON" campaign send "$id" >/dev/null
timeout 120 "$PREGON" worker --until-idle 2>>"$W/worker.log"
rid=$("$PREGON" report request --sender relay1 --from "$(date -u -d yesterday +%F)" --to "$(date -u +%F)" \
  --type sent --json | $PY -c 'import json,sys;print(json.load(sys.stdin)["report_requests"][0])')
for _ in $(seq 100); do
  PREGON_REPORTS_POLL_INITIAL=100ms "$PREGON" process-reports-pending >/dev/null
  "$PREGON" report list --state ready --json | grep -q "\"id\":$rid," && break
  sleep 0.2
done
count() { db_rows "SELECT COUNT(*) FROM report_rows WHERE report_request_id = $rid"; }
[ "$(count)" = 40 ] || fail "the report did not load its 40 rows"

# The provider's file is replaced by a much larger one, then reloaded and killed mid-way.
file=$("$PREGON" report list --json | $PY -c "
import json,sys;print([r['file_path'] for r in json.load(sys.stdin)['report_requests'] if r['id']==$rid][0])")
$PY - "$file" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("Subject,Sender,SenderName,Email,Status,Date,Opens,Clicks\n")
    for i in range(200_000):
        f.write(f"Hola,news@example.com,News,big{i}@example.com,Sent,2026-12-01 10:00:00,0,0\n")
PY
killed=0
for delay in 0.3 0.6 1.2; do
  "$PREGON" report load "$rid" --replace >/dev/null 2>&1 &
  pid=$!
  sleep "$delay"
  if kill -9 "$pid" 2>/dev/null; then killed=$((killed + 1)); fi
  wait "$pid" 2>/dev/null || true
  n=$(count)
  [ "$n" = 40 ] || [ "$n" = 200000 ] || fail "a killed replacement left $n rows (want 40 or 200000)"
  [ "$n" = 40 ] || break  # it finished before the kill: nothing more to try
done
echo "ok: $killed replacement(s) killed mid-way; the earlier 40 rows stayed whole"
[ "$(db_rows 'PRAGMA integrity_check')" = ok ] || fail "the database is damaged"
out=$("$PREGON" report load "$rid" --replace --json)
echo "$out" | $PY -c 'import json,sys;o=json.load(sys.stdin);assert o["rows"]==200000,o'
[ "$(count)" = 200000 ] || fail "the next --replace did not complete"
echo "ok: the next --replace loads all 200,000 rows"
