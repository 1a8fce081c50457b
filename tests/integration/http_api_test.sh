#!/usr/bin/env bash
# The HTTP API against the real `pregon serve` and the sandbox provider: every route's
# happy path and its auth (401 without a token, 403 for a role that lacks the permission —
# every route of the OpenAPI document is tried), cursor pagination (each item once),
# Idempotency-Key replays (a retried create creates nothing new; a retried send sends once,
# as the provider's record shows), users, tokens and login sessions with CSRF.
source "$(dirname "$0")/lib.sh"
# http_api_postgres_test.sh runs this against PostgreSQL.
[ -n "${PREGON_API_TEST_DATABASE_URL:-}" ] && export DATABASE_URL=$PREGON_API_TEST_DATABASE_URL

start_sandbox
"$PREGON" migrate 2>/dev/null
ADMIN=$(new_token admin admin)
OPERATOR=$(new_token ops operator)
VIEWER=$(new_token viewer viewer)
PREGON_LOG_LEVEL=debug start_serve
export API_URL ADMIN OPERATOR VIEWER SANDBOX_URL W TEST_DIR

$PY - <<'PY'
import json, os, sys, time, urllib.parse
sys.path.insert(0, os.environ["TEST_DIR"])
from api_lib import Api

url = os.environ["API_URL"]
admin, ops, viewer = (Api(url, os.environ[k]) for k in ("ADMIN", "OPERATOR", "VIEWER"))
anon = Api(url)

# ---- Auth on every documented route: 401 without a token, 403 for the viewer on writes.
doc = admin.ok("GET", "/api/v1/openapi.json")
checked = 0
for path, item in doc["paths"].items():
    concrete = path.replace("{id}", "1").replace("{address}", "a@example.com")
    for method, op in item.items():
        method = method.upper()
        public = op.get("security") == []
        status, _, body = anon.call(method, concrete)
        if public:
            assert status != 401, (method, path, status)
            continue
        assert status == 401, f"{method} {path} without a token: {status} {body}"
        assert body["error"]["code"] == "unauthenticated"
        status, _, body = anon.call(method, concrete, token="pgn_" + "x" * 43)
        assert status == 401, f"{method} {path} with a wrong token: {status}"
        perm = op["x-pregon-permission"]
        status, _, body = viewer.call(method, concrete)
        if perm != "read":
            assert status == 403, f"{method} {path} as viewer: {status} {body}"
            assert body["error"]["code"] == "permission_denied"
        else:
            assert status != 403, f"{method} {path} as viewer: {status} {body}"
        if perm in ("manage_senders", "manage_users"):
            status, _, _ = ops.call(method, concrete)
            assert status == 403, f"{method} {path} as operator: {status}"
        checked += 1
assert checked >= 30, checked
print(f"ok: {checked} routes answer 401 without a token and 403 for roles without the permission")

# ---- Senders: secrets are write-only.
sender = admin.ok("POST", "/api/v1/senders", {"name": "relay1", "kind": "relay", "base_url": os.environ["SANDBOX_URL"],
                  "api_key": "SENDER-SECRET-KEY-123", "account_id": "7", "from_email": "news@example.com",
                  "from_name": "News", "concurrency": 16})
assert sender["has_api_key"] is True and "api_key" not in sender, sender
assert admin.ok("GET", f"/api/v1/senders/{sender['id']}")["name"] == "relay1"
assert [s["name"] for s in viewer.ok("GET", "/api/v1/senders")["items"]] == ["relay1"]
bot = admin.ok("POST", "/api/v1/senders", {"name": "bot", "kind": "telegram", "bot_token": "123:BOT-SECRET-TOKEN",
               "base_url": os.environ["SANDBOX_URL"]})
assert bot["rate"] == 30 and bot["has_bot_token"], bot

# ---- Contacts: CSV import (multipart) with the CLI's report, lists, contacts, pagination.
rows = "email,name,city\n" + "".join(f"p{i}@example.com,Name {i},City {i % 3}\n" for i in range(30))
rows += "not-an-email,Bad,X\np3@example.com,Dup,X\n"
status, _, report = ops.multipart("POST", "/api/v1/contacts/import", {"list": "clientes"}, {"file": ("c.csv", rows.encode())})
assert status == 200, report
assert report["imported"] == 30 and report["skipped"] == 2 and report["created"] == 30, report
assert [i["line"] for i in report["issues"]] == [32, 33], report
lists = viewer.ok("GET", "/api/v1/lists")["items"]
assert lists == [{"id": lists[0]["id"], "name": "clientes", "members": 30}], lists
assert viewer.ok("GET", f"/api/v1/lists/{lists[0]['id']}")["members"] == 30
contacts, pages = viewer.walk(f"/api/v1/contacts?list_id={lists[0]['id']}", 7)
emails = [c["email"] for c in contacts]
assert len(emails) == 30 and len(set(emails)) == 30 and pages == 5, (len(emails), pages)
assert [c["id"] for c in contacts] == sorted(c["id"] for c in contacts)
one = viewer.ok("GET", f"/api/v1/contacts/{contacts[4]['id']}")
assert one["fields"] == {"city": "City 1"} and one["name"] == "Name 4", one
print("ok: senders, contacts import report, lists and contacts pages")

# ---- Campaigns: create with Idempotency-Key, replay, conflict, edit, preview, test send.
spec = {"name": "Ofertas", "sender": "relay1", "list": "clientes", "subject": "Hola {{name}}",
        "text": "Ofertas en {{city}}", "batch_size": 10}
key = {"Idempotency-Key": "create-ofertas-1"}
s1, h1, c1 = ops.call("POST", "/api/v1/campaigns", spec, headers=key)
s2, h2, c2 = ops.call("POST", "/api/v1/campaigns", spec, headers=key)
assert s1 == 201 and s2 == 201 and c1 == c2, (s1, s2, c1, c2)
assert h2.get("idempotent-replayed") == "true" and "idempotent-replayed" not in h1
assert len(viewer.ok("GET", "/api/v1/campaigns")["items"]) == 1, "the retry created nothing"
ops.fails(422, "POST", "/api/v1/campaigns", dict(spec, name="other"), headers=key, code="idempotency_key_reused")
cid = c1["id"]
assert c1["status"] == "draft" and c1["counters"]["total"] == 0 and c1["sender"] == "relay1", c1
edited = ops.ok("PATCH", f"/api/v1/campaigns/{cid}", {"subject": "¡Hola {{name}}!", "batch_pause": "0s"})
assert edited["subject"] == "¡Hola {{name}}!" and edited["text"] == spec["text"], edited
sched = ops.ok("PATCH", f"/api/v1/campaigns/{cid}", {"scheduled_at": "2099-01-01T00:00:00Z"})
assert sched["status"] == "scheduled", sched
assert ops.ok("PATCH", f"/api/v1/campaigns/{cid}", {"scheduled_at": None})["status"] == "draft"
preview = viewer.ok("GET", f"/api/v1/campaigns/{cid}/preview?contact=p7@example.com")
assert preview["subject"] == "¡Hola Name 7!" and preview["text"] == "Ofertas en City 1", preview
test = ops.ok("POST", f"/api/v1/campaigns/{cid}/test", {"to": "tester@example.com"})
assert test["outcome"] == "sent", test
assert viewer.ok("GET", f"/api/v1/campaigns/{cid}/progress")["total"] == 0, "a test send leaves the counters alone"
print("ok: campaign create replayed by Idempotency-Key, edit, schedule, preview, test send")

# ---- Send with an Idempotency-Key: the retry is replayed, the campaign is sent once.
send_key = {"Idempotency-Key": "send-ofertas"}
a = ops.ok("POST", f"/api/v1/campaigns/{cid}/send", headers=send_key)
b = ops.ok("POST", f"/api/v1/campaigns/{cid}/send", headers=send_key)
assert a == b == {"id": cid, "status": "queued"}, (a, b)
ops.fails(409, "POST", f"/api/v1/campaigns/{cid}/send", code="failed_precondition")  # without the key: refused
ops.fails(409, "PATCH", f"/api/v1/campaigns/{cid}", {"name": "late"}, code="failed_precondition")
for _ in range(200):
    progress = viewer.ok("GET", f"/api/v1/campaigns/{cid}/progress")
    if progress["status"] == "done":
        break
    time.sleep(0.1)
assert progress["status"] == "done" and progress["sent"] == 30 and progress["total"] == 30, progress
rec = [json.loads(l) for l in open(os.environ["W"] + "/rec.jsonl") if l.strip()]
sent_to = [r["to"] for r in rec if r.get("campaign_id") == cid and r.get("delivery_id")]
assert len(sent_to) == 30 and len(set(sent_to)) == 30, f"{len(sent_to)} messages for 30 recipients"
assert any(r["to"] == "tester@example.com" for r in rec), "the test message reached the provider"
deliveries, _ = viewer.walk(f"/api/v1/campaigns/{cid}/deliveries?status=sent", 8)
assert sorted(d["seq"] for d in deliveries) == list(range(1, 31)), deliveries[:2]
assert viewer.ok("GET", f"/api/v1/campaigns/{cid}/deliveries?status=failed")["items"] == []
events, _ = viewer.walk(f"/api/v1/campaigns/{cid}/events", 2)
kinds = [e["kind"] for e in events]
assert kinds[0] == "created" and "started" in kinds and kinds.count("batch_done") == 3 and kinds[-1] == "finished", kinds
print("ok: a retried send was replayed; the provider got each of the 30 recipients once; deliveries and events pages")

# ---- Many campaigns: list pages newest first with filters; bulk send; pause/resume/cancel.
ids = [ops.ok("POST", "/api/v1/campaigns", dict(spec, name=f"Lote {i}", batch_pause="1h"))["id"] for i in range(11)]
listed, pages = viewer.walk("/api/v1/campaigns", 5)
assert [c["id"] for c in listed] == sorted(ids + [cid], reverse=True) and pages == 3, [c["id"] for c in listed]
assert [c["id"] for c in viewer.ok("GET", "/api/v1/campaigns?status=done")["items"]] == [cid]
assert {c["id"] for c in viewer.ok("GET", "/api/v1/campaigns?q=LOTE%201&limit=50")["items"]} == {ids[1], ids[10]}
bulk = ops.ok("POST", "/api/v1/campaigns/send", {"ids": [ids[0], ids[1], 999999]})
assert [r["ok"] for r in bulk["results"]] == [True, True, False] and bulk["queued"] == 2, bulk
assert bulk["results"][2]["error"]["code"] == "not_found", bulk
paused = ops.ok("POST", f"/api/v1/campaigns/{ids[0]}/pause")
assert paused["status"] == "paused", paused
# Resume continues where the campaign was: sending once a worker took its snapshot, queued
# again if it was paused before (the serve's engine may or may not have got to it).
assert ops.ok("POST", f"/api/v1/campaigns/{ids[0]}/resume")["status"] in ("queued", "sending")
assert ops.ok("POST", f"/api/v1/campaigns/{ids[0]}/cancel")["status"] == "cancelled"
ops.fails(409, "POST", f"/api/v1/campaigns/{ids[0]}/resume", code="failed_precondition")
print("ok: campaign pages (each once, newest first), status and name filters, bulk send, pause/resume/cancel")

# ---- Suppressions.
added = ops.ok("POST", "/api/v1/suppressions", {"address": "P5@Example.com", "reason": "unsubscribed"})
assert added["address"] == "p5@example.com" and added["added"] is True, added
assert ops.ok("POST", "/api/v1/suppressions", {"address": "p5@example.com", "reason": "bounced"}, expect=200)["added"] is False
status, _, imp = ops.multipart("POST", "/api/v1/suppressions/import", {"reason": "complaint"},
                               {"file": ("s.csv", b"email\nq1@example.com\nq2@example.com\nnope\n")})
assert status == 200 and imp["added"] == 2 and imp["skipped"] == 1 and imp["issues"][0]["line"] == 4, imp
sup, _ = viewer.walk("/api/v1/suppressions", 2)
assert [s["address"] for s in sup] == ["p5@example.com", "q1@example.com", "q2@example.com"], sup
assert [s["address"] for s in viewer.ok("GET", "/api/v1/suppressions?reason=complaint")["items"]] == ["q1@example.com", "q2@example.com"]
ops.fails(409, "DELETE", "/api/v1/suppressions/p5@example.com?reason=manual", code="failed_precondition")
assert ops.ok("DELETE", "/api/v1/suppressions/p5%40example.com") == {"address": "p5@example.com", "removed": True}
ops.fails(404, "DELETE", "/api/v1/suppressions/p5@example.com")
print("ok: suppressions add, update, import, pages, remove")

# ---- Users and tokens (admin), login sessions with CSRF, failed-login limit.
made = admin.ok("POST", "/api/v1/users", {"username": "carla", "role": "report_manager", "password": "carla-pass-1"})
assert made["role"] == "report_manager" and made["can_log_in"] and "password" not in json.dumps(made), made
admin.fails(409, "POST", "/api/v1/users", {"username": "carla", "role": "viewer"}, code="already_exists")
assert "carla" in [u["username"] for u in admin.ok("GET", "/api/v1/users")["items"]]
tok = admin.ok("POST", "/api/v1/tokens", {"username": "carla", "name": "reports"})
assert tok["token"].startswith("pgn_") and tok["prefix"] == tok["token"][:8], tok
carla = Api(url, tok["token"])
assert carla.ok("GET", "/api/v1/auth/me") == {"user": made, "via": "token"}
listed = admin.ok("GET", "/api/v1/tokens?username=carla")["items"]
assert len(listed) == 1 and "token" not in listed[0], listed
assert admin.ok("DELETE", f"/api/v1/tokens/{tok['id']}") == {"id": tok["id"], "revoked": True, "sessions_ended": False}
carla.fails(401, "GET", "/api/v1/auth/me")
print("ok: users and tokens; a revoked token stops working at once")

status, headers, login = anon.call("POST", "/api/v1/auth/login", {"username": "ops", "password": "pw-ops-123"})
assert status == 200, login
cookie = headers["set-cookie"]
assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie, cookie
session = cookie.split(";")[0]
web = Api(url)
me = web.ok("GET", "/api/v1/auth/me", token=None, headers={"Cookie": session})
assert me["via"] == "session" and me["user"]["username"] == "ops", me
web.fails(403, "POST", f"/api/v1/campaigns/{ids[2]}/send", token=None, headers={"Cookie": session}, code="csrf_failed")
ok = web.ok("POST", f"/api/v1/campaigns/{ids[2]}/send", token=None,
            headers={"Cookie": session, "X-CSRF-Token": login["csrf_token"]})
assert ok["status"] == "queued", ok
web.ok("POST", "/api/v1/auth/logout", token=None, headers={"Cookie": session, "X-CSRF-Token": login["csrf_token"]})
web.fails(401, "GET", "/api/v1/auth/me", token=None, headers={"Cookie": session})
for i in range(5):
    anon.fails(401, "POST", "/api/v1/auth/login", {"username": "viewer", "password": f"guess-{i}"})
err, h = anon.fails(429, "POST", "/api/v1/auth/login", {"username": "viewer", "password": "pw-viewer-123"})
assert int(h["retry-after"]) > 0, h
print("ok: login sets an HttpOnly SameSite cookie; cookie writes need X-CSRF-Token; logout; 5 failed logins -> 429")

# No response ever carried a secret.
everything = "\n".join(a for api in (admin, ops, viewer, anon, web, carla) for a in api.log)
for secret in ("SENDER-SECRET-KEY-123", "BOT-SECRET-TOKEN", "pw-ops-123", "carla-pass-1", os.environ["OPERATOR"]):
    assert secret not in everything, f"a response carried the secret {secret[:6]}…"
print("ok: no secret in any response")
PY

# Nor in the server's log.
for secret in SENDER-SECRET-KEY-123 BOT-SECRET-TOKEN pw-ops-123 carla-pass-1 "$ADMIN" "$OPERATOR" "$VIEWER"; do
  ! grep -qF -- "$secret" "$W"/serve.*.log || fail "a secret is in the serve log"
done
curl -sf "$API_URL/healthz" >/dev/null || fail "the server stopped answering"
echo "ok: no secret in the serve log; server up"
