#!/usr/bin/env bash
# Provider reports end to end, through the real binary and the real sandbox provider (its
# reports API): a relay campaign is sent, its reports are asked for by hand, advanced by
# `process-reports-pending` through not-yet answers and injected 503s, downloaded (a BOM,
# Windows-1252 bytes and one broken row) and loaded typed; what was loaded equals what the
# provider's files say. A second load is refused, --replace replaces, and a report never
# ready is given up after PREGON_REPORTS_POLL_TOTAL.
source "$(dirname "$0")/lib.sh"

# With --seed 11 the reports API's 6th and 7th calls fail (503): two of the seven asks, always.
start_sandbox --seed 11 --report-delay-ms 1200 --report-fail-rate 0.2 \
  --report-quirks cp1252,broken-row
"$PREGON" migrate 2>/dev/null
"$PREGON" sender add --name relay1 --kind relay --base-url "$SANDBOX_URL" --api-key secret-key \
  --account-id 7 --from-email news@example.com --concurrency 16 >/dev/null
contacts 300 c.csv
"$PREGON" contacts import c.csv --list L >/dev/null
id=$("$PREGON" campaign create --name t --sender relay1 --list L \
  --subject 'Ofertas de diciembre: café' --text 'Hola {{name}}' --json | json_field id)
"$PREGON" campaign send "$id" >/dev/null
timeout 120 "$PREGON" worker --until-idle 2>>"$W/worker.log"
[ "$("$PREGON" campaign status "$id" --json | json_field sent)" = 300 ] || fail "campaign not sent"

# Bad requests are refused, naming what is wrong; nothing is stored.
expect_error "an impossible day" "$PREGON" report request --sender relay1 --from 2026-02-30
expect_error "an unknown type" "$PREGON" report request --sender relay1 --from 2026-12-01 --type nope
expect_error "to before from" "$PREGON" report request --sender relay1 --from 2026-12-02 --to 2026-12-01
expect_error "an unknown zone" "$PREGON" report request --sender relay1 --from 2026-12-01 --tz Mars/Base
"$PREGON" sender add --name outbox --kind sandbox >/dev/null
expect_error "a sender without reports API" "$PREGON" report request --sender outbox --from 2026-12-01
[ "$("$PREGON" report list --json | $PY -c 'import json,sys;print(len(json.load(sys.stdin)["report_requests"]))')" = 0 ] \
  || fail "a refused request left rows"

from=$(date -u -d yesterday +%F); to=$(date -u +%F)
ids=$("$PREGON" report request --sender relay1 --from "$from" --to "$to" --json |
  $PY -c 'import json,sys;print(" ".join(map(str,json.load(sys.stdin)["report_requests"])))')
[ "$(echo "$ids" | wc -w)" = 7 ] || fail "want one request per type, got: $ids"

export PREGON_REPORTS_POLL_INITIAL=200ms PREGON_REPORTS_POLL_MAX=400ms
for _ in $(seq 150); do
  "$PREGON" process-reports-pending --json >>"$W/steps.jsonl"
  open=$("$PREGON" report list --json | $PY -c '
import json,sys
print(sum(r["state"] in ("pending","processing") for r in json.load(sys.stdin)["report_requests"]))')
  [ "$open" = 0 ] && break
  sleep 0.2
done
"$PREGON" report list
list=$("$PREGON" report list --json)
for rid in $ids; do "$PREGON" report download "$rid" -o "$W/r$rid.csv"; done
$PY - "$list" "$W" "$W/p.db" <<'PY'
import csv, io, json, sqlite3, sys
reqs = json.loads(sys.argv[1])["report_requests"]
w, db = sys.argv[2], sqlite3.connect(sys.argv[3])
assert all(r["state"] == "ready" for r in reqs), [(r["id"], r["state"], r["last_error"]) for r in reqs]
assert any(r["attempts"] > 0 for r in reqs), "the injected 503s were never met"
by_type = {}
for r in reqs:
    raw = open(f"{w}/r{r['id']}.csv", "rb").read()
    text = raw.decode("cp1252")  # the quirk: Windows-1252 bytes
    assert "caf\xe9".encode("cp1252") in raw or r["type"] != "sent", "want cp1252 bytes"
    rows = list(csv.DictReader(io.StringIO(text)))
    good = [x for x in rows if "@" in x["Email"]]
    assert len(rows) - len(good) == 1, "one broken row per file"
    assert r["rows"] == len(good) and r["bad_rows"] == 1, (r, len(good))
    view = f"report_{r['type']}"
    n, = db.execute(f"SELECT COUNT(*) FROM {view} WHERE report_request_id = ?", (r["id"],)).fetchone()
    assert n == len(good), (view, n, len(good))
    emails = {e for e, in db.execute(f"SELECT email FROM {view} WHERE report_request_id = ?", (r["id"],))}
    assert emails == {x["Email"] for x in good}, view
    by_type[r["type"]] = r["rows"]
    if r["type"] == "sent":
        subjects = {s for s, in db.execute("SELECT DISTINCT subject FROM report_sent")}
        assert subjects == {"Ofertas de diciembre: café"}, subjects
        nulls, = db.execute("SELECT COUNT(*) FROM report_sent WHERE date IS NULL").fetchone()
        assert nulls == 0, "every Date was read"
assert by_type["sent"] == 300, by_type
assert by_type["deliveries"] + by_type["bounces"] == 300, by_type
assert 0 < by_type["opens"] < 300 and by_type["clicks"] <= by_type["opens"], by_type
print("ok: 7 reports ready, loaded typed, equal to the provider's files:", by_type)
PY

# The post-send loop: the finished campaign's reports are asked for once its delay has passed,
# advanced to ready, and the campaign's reports are done; `report show` reads them locally
# and agrees with the hand-made requests over the same records.
n=$(PREGON_POST_REPORTS_DELAY=1h "$PREGON" process-post-send-reports --json | json_field campaigns)
[ "$n" = 0 ] || fail "a campaign finished seconds ago is not due for reports after 1h"
out=$(PREGON_POST_REPORTS_DELAY=0s "$PREGON" process-post-send-reports --json)
[ "$(echo "$out" | json_field requests)" = 7 ] || fail "want 7 requests for the campaign: $out"
[ "$(PREGON_POST_REPORTS_DELAY=0s "$PREGON" process-post-send-reports --json | json_field campaigns)" = 0 ] \
  || fail "a campaign's reports were asked for twice"
[ "$("$PREGON" campaign status "$id" --json | json_field post_reports_status)" = pending ] || fail "not pending"
for _ in $(seq 150); do
  "$PREGON" process-reports-pending >/dev/null
  [ "$("$PREGON" campaign status "$id" --json | json_field post_reports_status)" = done ] && break
  sleep 0.2
done
show=$("$PREGON" report show "$id" --json)
$PY - "$show" "$list" <<'PY'
import json, sys
show, manual = json.loads(sys.argv[1]), json.loads(sys.argv[2])["report_requests"]
assert show["post_reports_status"] == "done", show
want = {r["type"]: r["rows"] for r in manual}
assert show["types"] == want, (show["types"], want)
assert all(r["campaign_id"] == show["campaign_id"] for r in show["requests"])
print("ok: post-send reports asked for once, loaded, campaign reports done:", show["types"])
PY
"$PREGON" report show "$id" | grep -q "reports done" || fail "report show (human) says nothing"
"$PREGON" report show "$id" | grep -q "^bounce reason" || fail "report show lists no bounce reason"
"$PREGON" report deliveries "$id" -o "$W/deliveries.csv" 2>"$W/deliveries.err"
grep -q "deliveries written to" "$W/deliveries.err" || fail "report deliveries says nothing"
$PY - "$W/deliveries.csv" "$W/p.db" "$id" <<'PY' || fail "the deliveries export does not match the ledger"
import csv, sqlite3, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
db, campaign = sqlite3.connect(sys.argv[2]), int(sys.argv[3])
ledger = db.execute("SELECT address, status FROM deliveries WHERE campaign_id = ? ORDER BY seq",
                    (campaign,)).fetchall()
assert [(r["address"], r["status"]) for r in rows] == ledger, (len(rows), len(ledger))
assert any(r["provider_status"] == "Delivered" for r in rows)
print(f"ok: report deliveries wrote the {len(rows)} deliveries in send order, with provider status")
PY
expect_error "deliveries of an unknown campaign" "$PREGON" report deliveries 99999
# The campaign's bounces, complaints and unsubscribes are on the suppression list now.
$PY - "$("$PREGON" suppression list --json)" "$W/p.db" "$id" <<'PY'
import json, sqlite3, sys
listed = {s["address"]: s["reason"] for s in json.loads(sys.argv[1])["suppressions"]}
db, campaign = sqlite3.connect(sys.argv[2]), int(sys.argv[3])
want = {}
for view, reason in (("report_unsubscribed", "unsubscribed"), ("report_spam", "complaint"),
                     ("report_bounces", "bounced")):
    # A soft bounce (a full mailbox) is not a reason to stop writing to an address.
    for (email,) in db.execute(f"SELECT v.email FROM {view} v JOIN report_requests r "
                               "ON r.id = v.report_request_id WHERE r.campaign_id = ? "
                               "AND lower(v.status) NOT LIKE '%soft%'", (campaign,)):
        want[email] = reason  # the last report loaded wins, as the steps ran in id order
assert set(listed) == set(want), (len(listed), len(want))
assert sum(r == "bounced" for r in listed.values()) >= 1, listed
print(f"ok: {len(listed)} addresses suppressed from the campaign's reports")
PY

# serve and worker do it all by themselves: a worker left running asks for a new campaign's
# reports once it finished and loads them, with no command run.
PREGON_POST_REPORTS_DELAY=0s "$PREGON" worker 2>>"$W/bg-worker.log" &
bg=$!
PIDS+=($bg)
id2=$("$PREGON" campaign create --name t2 --sender relay1 --list L --subject 'Segunda' --text 'Hola' --json | json_field id)
"$PREGON" campaign send "$id2" >/dev/null
for _ in $(seq 300); do
  [ "$("$PREGON" campaign status "$id2" --json | json_field post_reports_status)" = done ] && break
  sleep 0.2
done
[ "$("$PREGON" campaign status "$id2" --json | json_field post_reports_status)" = done ] \
  || fail "a running worker did not fetch the reports: $(tail -5 "$W/bg-worker.log")"
kill "$bg"; wait "$bg" 2>/dev/null || true
echo "ok: a running worker sends, then asks for and loads the reports by itself"

# A second load into the same database is refused; --replace replaces, never doubles.
sent_id=$(echo "$list" | $PY -c 'import json,sys;print([r["id"] for r in json.load(sys.stdin)["report_requests"] if r["type"]=="sent"][0])')
expect_error "loading a report twice" "$PREGON" report load "$sent_id" --alias default
out=$("$PREGON" report load "$sent_id" --alias default --replace --json)
echo "$out" | $PY -c 'import json,sys;o=json.load(sys.stdin);assert o["rows"]==300 and o["replaced"]==300 and o["bad_rows"]==1,o'
$PY -c "
import sqlite3,sys
n,=sqlite3.connect('$W/p.db').execute('SELECT COUNT(*) FROM report_sent WHERE report_request_id=$sent_id').fetchone()
assert n==300,n" || fail "--replace doubled the rows"
expect_error "the analytics alias without a database" "$PREGON" report load "$sent_id" --alias analytics
echo "ok: double load refused, --replace atomic and exact"

# A UTF-8 report with a byte-order mark loads the same.
kill "$SANDBOX_PID"
start_sandbox --report-quirks bom
"$PREGON" sender add --name bom --kind relay --base-url "$SANDBOX_URL" --api-key k --account-id 7 \
  --from-email news@example.com >/dev/null
bom=$("$PREGON" report request --sender bom --from "$from" --to "$to" --type sent --json |
  $PY -c 'import json,sys;print(json.load(sys.stdin)["report_requests"][0])')
for _ in $(seq 100); do
  "$PREGON" process-reports-pending >/dev/null
  "$PREGON" report list --state ready --json | grep -q "\"id\":$bom," && break
  sleep 0.2
done
"$PREGON" report download "$bom" -o "$W/bom.csv"
head -c3 "$W/bom.csv" | od -An -tx1 | grep -q "ef bb bf" || fail "the sandbox sent no BOM"
$PY -c "
import sqlite3
sent=sum(1 for l in open('$W/rec.jsonl') if l.strip())
rows=sqlite3.connect('$W/p.db').execute('SELECT COUNT(*), MIN(subject) FROM report_sent WHERE report_request_id=$bom').fetchone()
assert rows==(sent,'Ofertas de diciembre: café'),(rows,sent)" || fail "the BOM report did not load the same"
echo "ok: a report with a BOM loads the same"

# A report the provider never finishes is given up, with the reason.
kill "$SANDBOX_PID"
start_sandbox --report-delay-ms 600000
"$PREGON" sender add --name slow --kind relay --base-url "$SANDBOX_URL" --api-key k --account-id 7 \
  --from-email news@example.com --tz America/Bogota >/dev/null
slow=$("$PREGON" report request --sender slow --from "$to" --type opens --json |
  $PY -c 'import json,sys;print(json.load(sys.stdin)["report_requests"][0])')
[ "$("$PREGON" report list --json | $PY -c "
import json,sys;print([r['time_zone'] for r in json.load(sys.stdin)['report_requests'] if r['id']==$slow][0])")" \
  = America/Bogota ] || fail "a report request does not default to its sender's time zone"
expect_error "a sender in an unknown zone" "$PREGON" sender add --name mars --kind relay \
  --base-url "$SANDBOX_URL" --api-key k --account-id 7 --from-email n@example.com --tz Mars/Base
export PREGON_REPORTS_POLL_TOTAL=1s
for _ in $(seq 40); do
  "$PREGON" process-reports-pending >/dev/null
  state=$("$PREGON" report list --state error --json | $PY -c "
import json,sys;print(any(r['id']==$slow for r in json.load(sys.stdin)['report_requests']))")
  [ "$state" = True ] && break
  sleep 0.2
done
[ "$state" = True ] || fail "the never-ready report was not given up"
"$PREGON" report list --state error | grep -q "had not finished the report 1 s after" || fail "no reason given"
expect_error "loading a report that failed" "$PREGON" report load "$slow" --alias default
echo "ok: a report never ready is given up after PREGON_REPORTS_POLL_TOTAL"
! grep -rq secret-key "$W"/*.log "$W"/*.jsonl || fail "API key found in a log"
