#!/usr/bin/env bash
# The live progress stream (Server-Sent Events) during a real send to the sandbox provider:
# progress events arrive while the campaign sends (sent grows, counters always add up), the
# event log streams with ids, the stream ends after the final state; a reconnect with
# Last-Event-ID resumes the log where it was.
source "$(dirname "$0")/lib.sh"

start_sandbox
"$PREGON" migrate 2>/dev/null
OPERATOR=$(new_token ops operator)
# 200 messages/s: 400 recipients take about 2 s, long enough to watch.
"$PREGON" sender add --name relay1 --kind relay --base-url "$SANDBOX_URL" --api-key k --account-id 7 \
  --from-email news@example.com --rate 200 >/dev/null
contacts 400 c.csv
"$PREGON" contacts import c.csv --list L >/dev/null
start_serve
export API_URL OPERATOR W TEST_DIR

$PY - <<'PY'
import json, os, sys, threading, time
sys.path.insert(0, os.environ["TEST_DIR"])
from api_lib import Api

api = Api(os.environ["API_URL"], os.environ["OPERATOR"])
cid = api.ok("POST", "/api/v1/campaigns", {"name": "live", "sender": "relay1", "list": "L",
             "subject": "Hi {{name}}", "text": "Hello", "batch_size": 50})["id"]
sent_at = []

def on_event(name, data, eid):
    if name == "progress" and data["status"] == "draft" and not sent_at:
        # The stream is open: now send, from another thread.
        threading.Thread(target=lambda: sent_at.append(api.ok("POST", f"/api/v1/campaigns/{cid}/send"))).start()
    return False  # read until the server ends the stream

t0 = time.time()
events = api.sse(f"/api/v1/campaigns/{cid}/events", on_event, timeout=60)
elapsed = time.time() - t0
names = [e[0] for e in events]
assert names[-1] == "end" and events[-1][1] == {"status": "done"}, names[-3:]
progress = [e[1] for e in events if e[0] == "progress"]
for p in progress:
    c = p
    assert c["total"] == c["pending"] + c["in_flight"] + c["sent"] + c["failed"] + c["unavailable"] + c["suppressed"] + c["unknown"], c
sent = [p["sent"] for p in progress]
assert sent == sorted(sent), f"sent went backwards: {sent}"
during = [p for p in progress if p["status"] == "sending" and 0 < p["sent"] < 400]
assert len(during) >= 3, f"only {len(during)} progress events during the send: {sent}"
assert progress[-1]["status"] == "done" and progress[-1]["sent"] == 400, progress[-1]
assert names.index("end") == len(names) - 1 and names[-2] in ("progress", "log")
logs = [e for e in events if e[0] == "log"]
ids = [e[2] for e in logs]
assert ids == sorted(ids) and len(set(ids)) == len(ids), ids
kinds = [e[1]["kind"] for e in logs]
assert kinds[0] == "created" and "started" in kinds and kinds.count("batch_done") == 8 and kinds[-1] == "finished", kinds
assert [e for e in events if e[0] == "progress"][-1][2] == ids[-1], "progress carries the log position"
print(f"ok: {len(progress)} progress events ({len(during)} while sending) and {len(logs)} log events in {elapsed:.1f} s; ended after done")

# Reconnect with Last-Event-ID: only the log after it, then the final progress and end at once.
middle = ids[len(ids) // 2]
again = api.sse(f"/api/v1/campaigns/{cid}/events", lambda *a: False, headers={"Last-Event-ID": str(middle)})
again_ids = [e[2] for e in again if e[0] == "log"]
assert again_ids == [i for i in ids if i > middle], (again_ids, middle)
assert [e[0] for e in again][-2:] == ["progress", "end"], [e[0] for e in again]

# The provider got each recipient once.
rec = [json.loads(l) for l in open(os.environ["W"] + "/rec.jsonl") if l.strip()]
to = [r["to"] for r in rec if r["campaign_id"] == cid and r.get("delivery_id")]
assert len(to) == 400 and len(set(to)) == 400, len(to)
print("ok: Last-Event-ID resumes the log; the provider got 400 messages, one per recipient")
PY
