#!/usr/bin/env bash
# `report load --replace` is one transaction: a process killed (SIGKILL) in the middle of
# replacing a report's rows leaves the earlier rows exactly as they were — never a mix, never
# none — and the next --replace completes.
source "$(dirname "$0")/lib.sh"
source "$TEST_DIR/reports_lib.sh"

start_sandbox --seed 2
"$PREGON" migrate 2>/dev/null
sent_relay_campaign relay1 40 >/dev/null
rid=$(request_report relay1 sent)
await_report_ready "$rid"
count() { db_rows "SELECT COUNT(*) FROM report_rows WHERE report_request_id = $rid"; }
[ "$(count)" = 40 ] || fail "the report did not load its 40 rows"

# The provider's file is replaced by a much larger one, then reloaded and killed mid-way.
file=$(report_field "$rid" file_path)
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
