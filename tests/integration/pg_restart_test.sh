#!/usr/bin/env bash
# PostgreSQL restarted in the middle of a send — once cleanly (fast shutdown, as for an
# upgrade) and once as a crash (immediate shutdown) — while two worker processes send a
# 20,000-recipient campaign. The workers back off, reconnect and go on: the campaign
# completes with every recipient sent exactly once, nothing unknown (the outages are shorter
# than the lease TTL), counters exact.
source "$(dirname "$0")/lib.sh"
N=20000
start_own_postgres
REC=$W/rec.jsonl start_sandbox --latency-ms 5
"$PREGON" migrate 2>/dev/null
"$PREGON" sender add --name s --kind relay --base-url "$SANDBOX_URL" --api-key k --account-id 1 \
  --from-email news@example.com --concurrency 32 >/dev/null
contacts $N c.csv
"$PREGON" contacts import c.csv --list L >/dev/null
id=$("$PREGON" campaign create --name restart --sender s --list L --subject x --text 'hi {{name}}' \
  --batch-size 250 --json | json_field id)
"$PREGON" campaign send "$id" >/dev/null
w=()
for i in 1 2; do
  PREGON_LOG_LEVEL=info "$PREGON" worker --until-idle --concurrency 2 2>"$W/w$i.log" & w+=($!); PIDS+=($!)
done

sent_so_far() { { grep -c . rec.jsonl 2>/dev/null || true; } | head -1; }
# restart_when_sent COUNT MODE: once the provider has COUNT messages, stops the server
# (MODE stop = fast shutdown, kill = crash), keeps it down for 2 s, starts it again.
restart_when_sent() {
  # Up to 4 minutes: under ASan on a busy machine the workers send a few hundred a second.
  for _ in $(seq 2400); do [ "$(sent_so_far)" -ge "$1" ] && break; sleep 0.1; done
  [ "$(sent_so_far)" -ge "$1" ] || fail "the send did not reach $1 messages before the $2"
  "$PG_SCRATCH" "$2" "$OWN_PG" || fail "pg-scratch $2"
  echo "PostgreSQL down ($2) at $(sent_so_far) messages"
  sleep 2
  "$PG_SCRATCH" start "$OWN_PG" >/dev/null || fail "PostgreSQL did not start again"
}
restart_when_sent 4000 stop
restart_when_sent 12000 kill
for p in "${w[@]}"; do wait "$p" || fail "a worker exited with an error: $(tail -n 3 "$W"/w*.log)"; done
# Workers still retrying at exit leave nothing behind: one more pass finishes any stragglers.
timeout 120 "$PREGON" worker --until-idle 2>>"$W/w3.log"
st=$("$PREGON" campaign status "$id" --json)
grep -hq "lost the database connection\|retrying in" "$W"/w*.log || fail "the workers never saw the outage"
set +e
$PY - rec.jsonl "$st" "$N" <<'PY'
import collections, json, sys
got = collections.Counter(json.loads(l)["to"] for l in open(sys.argv[1]) if l.strip())
st, n = json.loads(sys.argv[2]), int(sys.argv[3])
assert st["status"] == "done" and st["sent"] == n and st["unknown"] == 0 and st["total"] == n, st
assert len(got) == n and max(got.values()) == 1, (len(got), max(got.values()))
print(f"ok: PostgreSQL stopped and crashed mid-send: {n} recipients exactly once, status {st['status']}, unknown 0")
PY
[ $? -eq 0 ] || { grep -h "error\|lost\|giving up" "$W"/w*.log | cut -c1-300 >&2; fail "see the worker logs above"; }
