#!/usr/bin/env bash
# Fencing: worker A is frozen with SIGSTOP in the middle of a batch, past its lease; worker B
# rescues the range and finishes the campaign. When A is continued (SIGCONT), it must write
# nothing and send nothing more for that range: its lease epoch is stale. Also: two workers
# racing on one database never send a message twice.
source "$(dirname "$0")/lib.sh"
REC=$W/rec.jsonl start_sandbox --latency-ms 300
"$PREGON" migrate 2>/dev/null
"$PREGON" sender add --name s --kind relay --base-url "$SANDBOX_URL" --api-key k --account-id 1 \
  --from-email news@example.com --concurrency 10 >/dev/null
contacts 200 c.csv
"$PREGON" contacts import c.csv --list L >/dev/null
id=$("$PREGON" campaign create --name stop --sender s --list L --subject x --text hi --batch-size 50 --json | json_field id)
"$PREGON" campaign send "$id" >/dev/null

PREGON_LOG_LEVEL=info "$PREGON" worker --lease-ttl 2s --concurrency 1 2>"$W/a.log" & A=$!
PIDS+=($A)
# Freeze A while it has requests in flight.
for _ in $(seq 100); do [ -s rec.jsonl ] && break; sleep 0.05; done
sleep 0.1
kill -STOP $A
stopped_at=$($PY -c 'import time;print(time.time())')
a_records=$(grep -c . rec.jsonl)
PREGON_LOG_LEVEL=info timeout 120 "$PREGON" worker --until-idle --lease-ttl 2s --concurrency 1 2>"$W/b.log"
[ "$("$PREGON" campaign status "$id" --json | json_field status)" != sending ] || fail "B did not finish"
before_cont=$(grep -c . rec.jsonl)
kill -CONT $A
continued_at=$($PY -c 'import time;print(time.time())')
sleep 2   # A wakes up: its in-flight requests complete, then its writes are refused
kill -TERM $A; wait $A || true
grep -q "was lost" "$W/a.log" || fail "A did not notice that its lease was lost: $(tail -5 "$W/a.log")"

$PY - rec.jsonl "$W/p.db" "$continued_at" "$a_records" <<'PY'
import collections, json, sqlite3, sys
rec, db, cont, a_records = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
lines = [json.loads(l) for l in open(rec) if l.strip()]
got = collections.Counter(l["to"] for l in lines)
assert max(got.values()) == 1, "a recipient received twice"
rows = dict(sqlite3.connect(db).execute("select address, status from deliveries"))
late = [l for l in lines if l["ts"] >= cont]
# Only what A had in flight when frozen (at most its 10 permits) may arrive after SIGCONT,
# and B never resent those: they are the unknown ones.
assert len(late) <= 10, f"{len(late)} messages after SIGCONT"
assert all(rows[l["to"]] == "unknown" for l in late), [rows[l["to"]] for l in late]
status = collections.Counter(rows.values())
assert set(status) <= {"sent", "unknown"} and status["unknown"] <= 10, status
print(f"ok: SIGSTOP past the lease: {status['unknown']} unknown, {len(late)} arrived after SIGCONT, no duplicates, A fenced out")
PY

# Two workers racing on one database: every recipient exactly once.
contacts 5000 c2.csv
"$PREGON" contacts import c2.csv --list L2 >/dev/null
"$PREGON" sender add --name fast --kind relay --base-url "$SANDBOX_URL" --api-key k --account-id 1 \
  --from-email news@example.com --concurrency 64 >/dev/null
: > rec.jsonl.before; cp rec.jsonl rec.jsonl.before
id2=$("$PREGON" campaign create --name race --sender fast --list L2 --subject x --text hi --batch-size 100 --json | json_field id)
"$PREGON" campaign send "$id2" >/dev/null
PREGON_LOG_LEVEL=info timeout 120 "$PREGON" worker --until-idle --concurrency 2 2>"$W/r1.log" & r1=$!
PREGON_LOG_LEVEL=info timeout 120 "$PREGON" worker --until-idle --concurrency 2 2>"$W/r2.log" & r2=$!
wait $r1; wait $r2
$PY - rec.jsonl "$id2" "$W/r1.log" "$W/r2.log" <<'PY'
import collections, json, re, sys
rec, cid = sys.argv[1], int(sys.argv[2])
got = collections.Counter(json.loads(l)["to"] for l in open(rec) if l.strip() and json.loads(l)["campaign_id"] == cid)
assert len(got) == 5000 and max(got.values()) == 1, (len(got), max(got.values()))
split = [int(re.search(r"(\d+) messages", open(f).read().split("engine stopped")[-1]).group(1)) for f in sys.argv[3:]]
print(f"ok: two racing workers: 5000 recipients exactly once (split {split[0]} / {split[1]})")
PY
