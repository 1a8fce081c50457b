#!/usr/bin/env bash
# A slot's run worked end to end by `pregon worker` (docs/SLOTS.md): three clients × 250 items
# in ranges of 100 under a limiter pool of capacity 2, with more job threads than permits —
# the job script records its own concurrency, which never passes 2; every range runs once;
# a client whose prepare keeps failing is failed and the run still ends. Then a worker is
# SIGKILLed while its job holds a permit: the job dies with it, and another worker takes the
# range again one lease TTL later.
source "$(dirname "$0")/lib.sh"

cat >"$W/job.sh" <<'SH'
#!/bin/sh
# COMMAND prepare|range --user U --run R [--start A --end B]
W=$(dirname "$0")
kind=$1; user=$3; start=$7; end=$9
if [ "$kind" = prepare ]; then
  echo "counting $user's items"
  [ "$user" = ana ] && echo "$PREGON_PARAM_SITE $PREGON_PARAM_PASSWORD" >"$W/ana-params.txt"
  [ "$user" = broken ] && { echo "site login failed" >&2; exit 4; }
  [ "$user" = slow ] || [ "$user" = calm ] || [ "$user" = stuck ] && { echo 150; exit 0; }
  echo 250
  exit 0
fi
[ "$user" = stuck ] && [ "$kind" = range ] && { echo $$ >"$W/stuck.pid"; sleep 60; }
for who in slow calm; do
  if [ "$user" = $who ] && [ "$start" = 1 ] && [ ! -e "$W/$who-once" ]; then
    touch "$W/$who-once"
    echo $$ >"$W/$who.pid"
    sleep 60  # killed with its worker, or by a graceful stop
  fi
done
(flock 9
 n=$(( $(cat "$W/active" 2>/dev/null || echo 0) + 1 )); echo $n >"$W/active"
 [ $n -gt "$(cat "$W/max" 2>/dev/null || echo 0)" ] && echo $n >"$W/max") 9>"$W/lock"
sleep 0.3
(flock 9; echo $(( $(cat "$W/active") - 1 )) >"$W/active") 9>"$W/lock"
echo "$user $start-$end" >>"$W/ranges.txt"
SH
chmod +x "$W/job.sh"

export PREGON_SLOT_TZ=UTC PREGON_POLL_INTERVAL=200ms PREGON_LEASE_TTL=3s PREGON_JOB_THREADS=3
export PREGON_SECRET_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
"$PREGON" migrate >/dev/null
"$PREGON" limiter set exec --capacity 2 >/dev/null
"$PREGON" job define reporter --command "$W/job.sh" --prepare-retries 1 \
  --prepare-retry-delay 1s --range-retry-delay 1s >/dev/null
hour=$(date -u +%-H)
for u in ana bea cid broken; do
  "$PREGON" user create --username $u --role client >/dev/null
  "$PREGON" reservation create --username $u --job reporter --hour "$hour" >/dev/null
done
# ana's job logs in to her shop: a plain parameter and a secret one (read from stdin).
echo "hunter2-sesame" | "$PREGON" reservation create --username ana --job reporter \
  --hour "$hour" --param SITE=shop.example --secret PASSWORD >"$W/reserve.out" 2>&1
expect_error "a secret without a key" env PREGON_SECRET_KEY= "$PREGON" reservation create \
  --username bea --job reporter --hour "$hour" --secret PASSWORD

start_worker() {
  "$PREGON" --log-level info worker >>"$W/worker.log" 2>&1 &
  WORKER=$!
  PIDS+=($WORKER)
}
# wait_run ID: until the run ends (at most 120 s); prints its status JSON.
wait_run() {
  for _ in $(seq 600); do
    out=$("$PREGON" run status "$1" --json)
    echo "$out" | grep -q '"status":"running"' || { echo "$out"; return 0; }
    sleep 0.2
  done
  fail "run $1 did not end: $out; $(tail -20 "$W/worker.log")"
}

run=$("$PREGON" trigger-slot --json | json_field id)
start_worker
status=$(wait_run "$run")
$PY - "$status" "$W/ranges.txt" "$W/max" <<'PY'
import json, sys
run = json.loads(sys.argv[1])
users = {u["username"]: u for u in run["users"]}
assert run["status"] == "failed", run  # one client failed
for name in ("ana", "bea", "cid"):
    u = users[name]
    assert (u["status"], u["pending_items"], u["ranges_total"], u["ranges_done"]) == \
        ("completed", 250, 3, 3), u
assert users["broken"]["status"] == "failed" and users["broken"]["ranges_total"] == 0, users["broken"]
assert users["broken"]["last_error"] == "exit status 4", users["broken"]
ranges = open(sys.argv[2]).read().split("\n")[:-1]
assert sorted(ranges) == sorted(f"{u} {r}" for u in ("ana", "bea", "cid")
                                for r in ("1-100", "101-200", "201-250")), ranges
peak = int(open(sys.argv[3]).read())
assert 1 <= peak <= 2, f"{peak} jobs ran at once under a pool of 2"
print(f"ok: 9 ranges of 3 clients ran once each, at most {peak} at once; the failing client failed")
PY
grep -q "broken prepare: attempt 2 of 2" "$W/worker.log" || fail "the prepare was not retried"
[ "$(cat "$W/ana-params.txt")" = "shop.example hunter2-sesame" ] ||
  fail "the job did not get its parameters: $(cat "$W/ana-params.txt")"
! grep -aq "hunter2-sesame" "$W"/p.db* "$W/worker.log" "$W/reserve.out" ||
  fail "a secret parameter is stored or logged in clear"
echo "ok: a secret job parameter reaches the job and nothing else, sealed at rest"
"$PREGON" run logs "$run" --user broken >"$W/logs.txt"
grep -q "== broken prepare (failed, 2 attempt(s)): exit status 4" "$W/logs.txt" &&
  grep -q "site login failed" "$W/logs.txt" || fail "run logs: $(cat "$W/logs.txt")"
"$PREGON" run list --json | $PY -c '
import json,sys; runs=json.load(sys.stdin)["runs"]; assert runs and runs[0]["status"] == "failed", runs'
expect_error "cancelling a run that ended" "$PREGON" run cancel "$run"

# A worker killed outright while its job holds a permit.
"$PREGON" user create --username slow --role client >/dev/null
"$PREGON" reservation create --username slow --job reporter --hour $(( (hour + 1) % 24 )) >/dev/null
run2=$("$PREGON" trigger-slot --hour $(( (hour + 1) % 24 )) --json | json_field id)
for _ in $(seq 300); do [ -s "$W/slow.pid" ] && break; sleep 0.1; done
[ -s "$W/slow.pid" ] || fail "the slow range never started"
kill -9 "$WORKER"
job=$(cat "$W/slow.pid")
for _ in $(seq 50); do kill -0 "$job" 2>/dev/null || break; sleep 0.1; done
kill -0 "$job" 2>/dev/null && fail "the job outlived its worker"
start_worker
status=$(wait_run "$run2")
$PY - "$status" <<'PY'
import json, sys
run = json.loads(sys.argv[1])
u = run["users"][0]
assert run["status"] == "completed" and u["ranges_done"] == 2 and u["ranges_failed"] == 0, run
print("ok: a worker SIGKILLed mid-job: the job died with it, the range ran again elsewhere")
PY

# A graceful stop (SIGTERM) kills the running job and gives its range back, not failed.
"$PREGON" user create --username calm --role client >/dev/null
"$PREGON" reservation create --username calm --job reporter --hour $(( (hour + 2) % 24 )) >/dev/null
run3=$("$PREGON" trigger-slot --hour $(( (hour + 2) % 24 )) --json | json_field id)
for _ in $(seq 300); do [ -s "$W/calm.pid" ] && break; sleep 0.1; done
[ -s "$W/calm.pid" ] || fail "the calm range never started"
kill -TERM "$WORKER"
wait "$WORKER" 2>/dev/null || true
kill -0 "$(cat "$W/calm.pid")" 2>/dev/null && fail "the job outlived a graceful stop"
grep -q "calm range 1-100: stopped; the unit is given back" "$W/worker.log" ||
  fail "the stop did not give the range back: $(tail -5 "$W/worker.log")"
$PY - "$W/p.db" "$run3" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
row = db.execute("SELECT status, attempts FROM run_units WHERE run_id = ? AND kind = 'range' "
                 "AND start_item = 1", (int(sys.argv[2]),)).fetchone()
assert row == ("pending", 0), row
PY
start_worker
status=$(wait_run "$run3")
echo "$status" | grep -q '"status":"completed"' || fail "the given-back range did not complete: $status"
echo "ok: a graceful stop kills the job and gives its range back; the next worker finishes it"

# Cancelling a run kills the jobs working on it.
"$PREGON" user create --username stuck --role client >/dev/null
"$PREGON" reservation create --username stuck --job reporter --hour $(( (hour + 3) % 24 )) >/dev/null
run4=$("$PREGON" trigger-slot --hour $(( (hour + 3) % 24 )) --json | json_field id)
for _ in $(seq 300); do [ -s "$W/stuck.pid" ] && break; sleep 0.1; done
[ -s "$W/stuck.pid" ] || fail "the stuck range never started"
"$PREGON" run cancel "$run4" >/dev/null
for _ in $(seq 100); do kill -0 "$(cat "$W/stuck.pid")" 2>/dev/null || break; sleep 0.1; done
kill -0 "$(cat "$W/stuck.pid")" 2>/dev/null && fail "a cancelled run's job kept running"
"$PREGON" run status "$run4" --json | $PY -c '
import json,sys; r=json.load(sys.stdin); assert r["status"] == "cancelled" and r["users"][0]["status"] == "cancelled", r'
echo "ok: cancelling a run kills its jobs"
