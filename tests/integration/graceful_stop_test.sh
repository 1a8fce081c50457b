#!/usr/bin/env bash
# SIGTERM is a graceful stop: a worker in the middle of a send stops claiming, finishes the
# requests it has in flight, records them, gives its ranges back and exits 0 — nothing left
# in flight, nothing unknown. Another worker then finishes the campaign, each recipient
# exactly once. (SIGINT, Ctrl-C, behaves the same.)
source "$(dirname "$0")/lib.sh"
REC=$W/rec.jsonl start_sandbox --latency-ms 200
"$PREGON" migrate 2>/dev/null
"$PREGON" sender add --name s --kind relay --base-url "$SANDBOX_URL" --api-key k --account-id 1 \
  --from-email news@example.com --concurrency 20 >/dev/null
contacts 2000 c.csv
"$PREGON" contacts import c.csv --list L >/dev/null
id=$("$PREGON" campaign create --name term --sender s --list L --subject x --text hi --batch-size 100 --json |
  json_field id)
"$PREGON" campaign send "$id" >/dev/null

for sig in TERM INT; do
  PREGON_LOG_LEVEL=info "$PREGON" worker --concurrency 2 2>"$W/$sig.log" & pid=$!
  for _ in $(seq 200); do [ -s rec.jsonl ] && break; sleep 0.05; done
  sleep 0.3  # requests in flight now (the provider answers in 200 ms)
  kill -"$sig" $pid
  rc=0; wait $pid || rc=$?
  [ $rc -eq 0 ] || fail "SIG$sig: the worker exited $rc, want 0: $(tail -3 "$W/$sig.log")"
  grep -q "finishing in-flight work" "$W/$sig.log" || fail "SIG$sig: no graceful stop in the log"
  leased=$(db_rows "select count(*) from ranges where status = 'leased'")
  [ "$leased" = 0 ] || fail "SIG$sig: $leased ranges still leased after a graceful stop"
  st=$("$PREGON" campaign status "$id" --json)
  [ "$(echo "$st" | json_field in_flight)" = 0 ] && [ "$(echo "$st" | json_field unknown)" = 0 ] ||
    fail "SIG$sig: left work in flight or unknown: $st"
  echo "ok: SIG$sig: exit 0, $(echo "$st" | json_field sent) sent so far, nothing leased, in flight or unknown"
done
timeout 120 "$PREGON" worker --until-idle 2>/dev/null
$PY - rec.jsonl "$("$PREGON" campaign status "$id" --json)" <<'PY'
import collections, json, sys
got = collections.Counter(json.loads(l)["to"] for l in open(sys.argv[1]) if l.strip())
st = json.loads(sys.argv[2])
assert st["status"] == "done" and st["sent"] == 2000, st
assert len(got) == 2000 and max(got.values()) == 1, (len(got), max(got.values()))
print("ok: finished by another worker: 2000 recipients exactly once")
PY
