# The chaos scenario shared by chaos_test.sh (SQLite) and chaos_postgres_test.sh (sourced
# after lib.sh): a 20,000-recipient campaign while worker processes are killed with SIGKILL
# at random moments (6 times), each restarted; then one more worker finishes. Afterwards the
# provider's record and the store must agree:
#   at_most_once   nobody received twice; every delivery sent or unknown; unknown <= the
#                  in-flight window of the killed workers
#   at_least_once  everybody received at least once; nothing unknown
# Usage: chaos BACKEND GUARANTEE [WORKERS]  (WORKERS processes run, and are killed, at once)
N=20000; KILLS=6; INFLIGHT=32

chaos() {
  local backend=$1 g=$2 workers=${3:-1}
  fresh_db "$backend" "chaos_$g"
  local rec="$W/rec-$backend-$g.jsonl"
  REC=$rec start_sandbox --latency-ms 20
  "$PREGON" migrate 2>/dev/null
  "$PREGON" sender add --name s --kind relay --base-url "$SANDBOX_URL" --api-key k --account-id 1 \
    --from-email news@example.com --concurrency $INFLIGHT >/dev/null
  [ -f c.csv ] || contacts $N c.csv
  "$PREGON" contacts import c.csv --list L >/dev/null
  local id; id=$("$PREGON" campaign create --name chaos --sender s --list L --subject x --text 'hi {{name}}' \
    --batch-size 200 --guarantee "$g" --json | json_field id)
  "$PREGON" campaign send "$id" >/dev/null
  local kills=0 log="$W/worker-$backend-$g.log"
  while [ $kills -lt $KILLS ]; do
    local pids=() before; before=$(lines "$rec")
    for _ in $(seq "$workers"); do
      "$PREGON" worker --lease-ttl 2s --concurrency 2 2>>"$log" & pids+=($!)
    done
    # Kill at a random moment once they are sending (a slow start-up, as under ASan, must not
    # turn the test into killing workers that never held a lease).
    for _ in $(seq 600); do [ "$(lines "$rec")" -gt "$before" ] && break; sleep 0.05; done
    sleep "$($PY -c 'import random;print(round(random.uniform(0.1,0.6),2))')"
    kill -9 "${pids[@]}"; wait "${pids[@]}" 2>/dev/null || true
    kills=$((kills + ${#pids[@]}))
  done
  timeout 300 "$PREGON" worker --until-idle --lease-ttl 2s --concurrency 2 2>>"$log"
  local st; st=$("$PREGON" campaign status "$id" --json)
  db_rows "select address, status from deliveries where campaign_id = $id" >"$W/rows.tsv"
  local rescues; rescues=$("$PREGON" campaign events "$id" --json | $PY -c \
    'import json,sys;print(sum(e["kind"] == "lease_rescued" for e in json.load(sys.stdin)["events"]))')
  $PY - "$backend" "$g" "$st" "$rec" "$W/rows.tsv" "$N" "$kills" "$INFLIGHT" "$rescues" <<'PY'
import collections, json, sys
backend, g, st, rec, rows_file = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), sys.argv[4], sys.argv[5]
n, kills, inflight, rescues = map(int, sys.argv[6:])
got = collections.Counter(json.loads(l)["to"] for l in open(rec) if l.strip())
rows = dict(l.rstrip("\n").split("\t") for l in open(rows_file) if l.strip())
assert len(rows) == n, f"{len(rows)} delivery rows, want {n}"
status = collections.Counter(rows.values())
dups = sum(1 for c in got.values() if c > 1)
assert st["total"] == n and sum(st[k] for k in ("pending","in_flight","sent","failed","unavailable","suppressed","unknown")) == n, st
assert st["pending"] == 0 and st["in_flight"] == 0 and st["failed"] == 0, st
assert st["status"] in ("done", "partial"), st
sent_missing = [a for a, s in rows.items() if s == "sent" and got[a] == 0]
assert not sent_missing, f"{len(sent_missing)} deliveries marked sent never reached the provider"
if g == "at_most_once":
    assert dups == 0, f"{dups} recipients received twice"
    assert set(status) <= {"sent", "unknown"}, status
    assert status["unknown"] <= kills * inflight, f"{status['unknown']} unknown > {kills}x{inflight}"
else:
    missing = [a for a in rows if got[a] == 0]
    assert not missing, f"{len(missing)} recipients never received anything"
    assert status["unknown"] == 0 and status["sent"] == n, status
# Workers killed while sending leave leased ranges behind: the survivors must rescue them.
assert rescues > 0, "no lease was ever rescued: the kills never hit a worker holding a range"
print(f"ok: {backend} {g}: {kills} SIGKILLs, {n} recipients, provider saw {len(got)} distinct / "
      f"{sum(got.values())} messages, duplicates {dups}, unknown {status['unknown']}, "
      f"{rescues} lease rescues, final {st['status']}")
PY
  kill "$SANDBOX_PID" 2>/dev/null || true
}
