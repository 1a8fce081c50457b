#!/usr/bin/env bash
# Provider reports through the HTTP API of a running `pregon serve`, which fetches them by
# itself: a report_manager asks for them by hand (201), serve asks, polls, downloads and
# loads them with no command run, everyone may read them (reconciled with what pregon sent),
# and only admin and report_manager may ask or load — operators and viewers get 403. A second
# load is a 409; replace reloads.
source "$(dirname "$0")/lib.sh"
source "$TEST_DIR/reports_lib.sh"

start_sandbox --seed 5 --report-delay-ms 300
"$PREGON" migrate 2>/dev/null
id=$(sent_relay_campaign relay1 80)
# The provider lost two of the messages it accepted: its reports will lack them.
sed -i '/"p7@example.com"/d; /"p42@example.com"/d' "$W/rec.jsonl"
PREGON_REPORTS_POLL_INITIAL=100ms PREGON_REPORTS_POLL_MAX=200ms PREGON_POST_REPORTS_DELAY=0s start_serve
REPORTS=$(new_token rm report_manager)
OPERATOR=$(new_token op operator)
VIEWER=$(new_token vi viewer)
export API_URL REPORTS OPERATOR VIEWER TEST_DIR CAMPAIGN=$id DAY=$(date -u +%F) YESTERDAY=$(date -u -d yesterday +%F)

$PY - <<'PY'
import os, sys, time
sys.path.insert(0, os.environ["TEST_DIR"])
from api_lib import Api

rm, op, vi = (Api(os.environ["API_URL"], os.environ[k]) for k in ("REPORTS", "OPERATOR", "VIEWER"))
campaign = int(os.environ["CAMPAIGN"])
ask = {"sender": "relay1", "from": os.environ["YESTERDAY"], "to": os.environ["DAY"], "types": ["sent", "bounces"]}

op.fails(403, "POST", "/api/v1/reports", ask)
vi.fails(403, "POST", "/api/v1/reports", ask)
rm.fails(422, "POST", "/api/v1/reports", {**ask, "from": "2026-02-30"}, field="from")
rm.fails(422, "POST", "/api/v1/reports", {**ask, "types": ["sent", "nope"]}, field="types")
rm.fails(400, "POST", "/api/v1/reports", {**ask, "types": "sent"}, field="types")
rm.fails(400, "POST", "/api/v1/reports", {**ask, "extra": 1}, field="extra")
rm.fails(404, "POST", "/api/v1/reports", {**ask, "sender": "ghost"})
ids = rm.ok("POST", "/api/v1/reports", ask, expect=201)["report_requests"]
assert len(ids) == 2, ids

# serve does the rest by itself: the manual requests and the campaign's post-send reports.
deadline = time.time() + 90
while time.time() < deadline:
    report = vi.ok("GET", f"/api/v1/campaigns/{campaign}/report")
    mine = [vi.ok("GET", f"/api/v1/reports/{i}") for i in ids]
    if report["post_reports_status"] == "done" and all(r["state"] == "ready" for r in mine):
        break
    time.sleep(0.3)
else:
    raise AssertionError(f"serve did not fetch the reports: {report}, {mine}")
assert report["types"]["sent"] == 78, report["types"]
assert report["types"]["deliveries"] + report["types"]["bounces"] == 78, report["types"]
assert mine[0]["rows"] == 78 and mine[0]["default_loaded_at"], mine[0]
rec = report["reconciliation"]
assert rec["sent_by_pregon"] == 80 and rec["missing_at_provider"] == 2, rec
assert rec["missing_sample"] == ["p7@example.com", "p42@example.com"], rec
assert rec["bounced"] == report["types"]["bounces"], rec
reasons = report["top_bounce_reasons"]
assert sum(r["count"] for r in reasons) == report["types"]["bounces"], reasons
assert all(r["reason"].split(":")[0] in ("Hard bounce", "Soft bounce") for r in reasons), reasons
domains = report["opens_by_domain"]
assert [d["domain"] for d in domains] == ["example.com"], domains
assert domains[0]["openers"] == report["types"]["opens"] and domains[0]["opens"] >= domains[0]["openers"], domains

# Every delivery as CSV, streamed (chunked), the provider's status beside pregon's.
import csv, io
status, headers, text = vi.call("GET", f"/api/v1/campaigns/{campaign}/report/deliveries.csv")
assert status == 200 and headers["content-type"].startswith("text/csv"), (status, headers)
assert headers.get("transfer-encoding") == "chunked", headers
assert "attachment" in headers["content-disposition"], headers
rows = list(csv.DictReader(io.StringIO(text)))
assert len(rows) == 80 and all(r["status"] == "sent" for r in rows), len(rows)
by_address = {r["address"]: r for r in rows}
assert by_address["p7@example.com"]["provider_status"] == "", by_address["p7@example.com"]
named = [r for r in rows if r["provider_status"]]
assert len(named) == 78 - report["types"]["bounces"], len(named)  # the deliveries report
assert sum(int(r["opens"]) for r in rows) == sum(d["opens"] for d in domains)
vi.fails(404, "GET", "/api/v1/campaigns/99999/report/deliveries.csv")

page = vi.ok("GET", "/api/v1/reports?limit=3")
assert len(page["items"]) == 3 and page["next_cursor"], page
rest = vi.ok("GET", "/api/v1/reports?limit=100&cursor=" + page["next_cursor"])["items"]
assert len(page["items"]) + len(rest) == 9, len(rest)  # 7 post-send + 2 by hand
assert all(r["campaign_id"] == campaign for r in vi.ok("GET", f"/api/v1/reports?campaign_id={campaign}")["items"])
vi.fails(400, "GET", "/api/v1/reports?state=done", field="state")
vi.fails(404, "GET", "/api/v1/reports/99999")
vi.fails(404, "GET", "/api/v1/campaigns/99999/report")

sent = ids[0]
op.fails(403, "POST", f"/api/v1/reports/{sent}/load", {})
rm.fails(409, "POST", f"/api/v1/reports/{sent}/load", {})
rm.fails(422, "POST", f"/api/v1/reports/{sent}/load", {"alias": "analytics"}, field="alias")
out = rm.ok("POST", f"/api/v1/reports/{sent}/load", {"replace": True})
assert out["rows"] == 78 and out["replaced"] == 78 and out["bad_rows"] == 0, out
print("ok: reports asked, fetched by serve, read, and loaded again through the API, by role")
PY
