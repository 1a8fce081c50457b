#!/usr/bin/env bash
# Hour slots on two nodes sharing one PostgreSQL (docs/SLOTS.md): two `pregon worker`s start
# at the same instant inside a reserved hour, so both run the hourly trigger at once. Checks
# that the hour's run is created exactly once (one "run created" line in all logs, one row),
# that every prepare and range of its three users runs exactly once across the nodes, and that
# both nodes take units, and the limiter pool (capacity 3) holds across them although the
# two nodes have 4 job threads between them.
source "$(dirname "$0")/lib.sh"
fresh_db postgres slots_multinode

cat >"$W/job.sh" <<'SH'
#!/bin/sh
# COMMAND prepare|range --user U --run R [--start A --end B]
W=$(dirname "$0")
(flock 9
 n=$(( $(cat "$W/active" 2>/dev/null || echo 0) + 1 )); echo $n >"$W/active"
 [ $n -gt "$(cat "$W/max" 2>/dev/null || echo 0)" ] && echo $n >"$W/max") 9>"$W/lock"
sleep 0.5
(flock 9; echo $(( $(cat "$W/active") - 1 )) >"$W/active") 9>"$W/lock"
(flock 9; echo "$1 $3 ${7:-0}-${9:-0} $PPID" >>"$W/calls.txt") 9>"$W/lock"
[ "$1" = prepare ] && echo 250
exit 0
SH
chmod +x "$W/job.sh"

export PREGON_SLOT_TZ=UTC PREGON_POLL_INTERVAL=200ms PREGON_LEASE_TTL=3s PREGON_JOB_THREADS=2
"$PREGON" migrate >/dev/null
"$PREGON" limiter set exec --capacity 3 >/dev/null
"$PREGON" job define reporter --command "$W/job.sh" >/dev/null
# The run is created by the trigger of the hour under way: not in an hour's last seconds.
while [ "$(date -u +%M%S)" -ge 5950 ]; do sleep 1; done
hour=$(date -u +%-H)
for u in ana bea cid; do
  "$PREGON" user create --username $u --role client >/dev/null
  "$PREGON" reservation create --username $u --job reporter --hour "$hour" >/dev/null
done

for i in 1 2; do
  "$PREGON" --log-level info worker >"$W/w$i.log" 2>&1 &
  PIDS+=($!)
done
status=""
for _ in $(seq 600); do
  status=$(db_rows "SELECT status FROM runs WHERE hour = $hour")
  [ "$status" = completed ] && break
  sleep 0.2
done
[ "$status" = completed ] || fail "the $hour:00 run did not complete: '$status'; $(tail -5 "$W"/w?.log)"

[ "$(db_rows "SELECT COUNT(*) FROM runs WHERE hour = $hour")" = 1 ] || fail "more than one run"
created=$(cat "$W"/w?.log | grep -c "run [0-9]* created for 3 user" || true)
[ "$created" = 1 ] || fail "the run was created $created times: $(grep created "$W"/w?.log)"
echo "ok: two nodes triggered the hour at once; its run was created once"

[ "$(grep -c '^prepare ' "$W/calls.txt")" = 3 ] || fail "prepares: $(grep '^prepare' "$W/calls.txt")"
ranges=$(grep '^range ' "$W/calls.txt" | awk '{print $2, $3}' | sort)
[ "$(echo "$ranges" | wc -l)" = 9 ] || fail "ranges run: $ranges"
[ "$(echo "$ranges" | uniq | wc -l)" = 9 ] || fail "a range ran twice: $ranges"
for u in ana bea cid; do
  [ "$(echo "$ranges" | grep "^$u " | awk '{print $2}' | tr '\n' ' ')" = "1-100 101-200 201-250 " ] ||
    fail "$u's ranges: $ranges"
done
max=$(cat "$W/max")
[ "$max" -le 3 ] || fail "$max jobs ran at once across the nodes; the pool holds 3"
nodes=$(awk '{print $4}' "$W/calls.txt" | sort -u | wc -l)
# One node's 2 threads cannot hold the pool's 3 permits: the other takes units meanwhile.
[ "$nodes" = 2 ] || fail "only one node took units: $(cat "$W/calls.txt")"
users=$(db_rows "SELECT status, ranges_completed FROM run_users" | sort -u)
[ "$users" = "completed	3" ] || fail "run users: $users"
echo "ok: 3 prepares and 9 ranges, each once, on both nodes, at most $max at once (pool of 3)"
