#!/usr/bin/env bash
# Bounce and complaint webhooks against `pregon serve`, each provider's request signed for real
# (openssl: SNS's RSA certificate, SendGrid's ECDSA P-256 key; HMAC for the generic endpoint
# and Mailgun; HTTP Basic for Postmark): a valid request is applied, an invalid signature is a
# 401 and changes nothing, a replayed (stale) timestamp is a 401, the same event twice is
# recorded once. Thresholds: one hard bounce or complaint suppresses, soft bounces only from
# the third; the delivery a report names gets bounced_at or complained_at, and the next
# campaign skips the suppressed addresses.
source "$(dirname "$0")/lib.sh"

"$PREGON" migrate >/dev/null
printf 'email,name\n' >"$W/contacts.csv"
for i in 0 1 2 3 4 5 6 7; do echo "u$i@example.com,u$i" >>"$W/contacts.csv"; done
"$PREGON" contacts import "$W/contacts.csv" --list lista >/dev/null
"$PREGON" sender add --name s --kind sandbox --base-url "$W/outbox.jsonl" >/dev/null
id=$("$PREGON" campaign create --name c --sender s --list lista --subject x --text x --json | json_field id)
"$PREGON" campaign send "$id" >/dev/null
"$PREGON" worker --until-idle 2>/dev/null

# Keys: an SNS-like signing certificate, placed where pregon keeps fetched ones (it is never
# fetched: the URL is an SNS host's, and the test has no network), and SendGrid's EC key.
cert_url=https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0000.pem
mkdir -p "$W/data/sns-certs"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$W/sns.key" -days 2 -subj /CN=sns.amazonaws.com \
  -batch -out "$W/data/sns-certs/$(printf %s "$cert_url" | sha256sum | cut -d' ' -f1).pem" 2>/dev/null
openssl ecparam -name prime256v1 -genkey -noout -out "$W/sg.key" 2>/dev/null
sg_public=$(openssl ec -in "$W/sg.key" -pubout -outform DER 2>/dev/null | base64 -w0)

PREGON_DATA_DIR="$W/data" PREGON_SES_WEBHOOK=on PREGON_WEBHOOK_SECRET=generic-secret \
  PREGON_SENDGRID_WEBHOOK_KEY="$sg_public" PREGON_POSTMARK_WEBHOOK_AUTH=pm:pm-pass \
  PREGON_MAILGUN_WEBHOOK_KEY=mg-key start_serve
token=$(new_token lector viewer)
export API_URL W token id cert_url TEST_DIR PREGON
$PY - <<'PYEOF'
import base64, hashlib, hmac, json, os, subprocess, sys, time, urllib.error, urllib.request
sys.path.insert(0, os.environ["TEST_DIR"])
from api_lib import Api
W, base, cid = os.environ["W"], os.environ["API_URL"], int(os.environ["id"])
api = Api(base, os.environ["token"])
page = api.ok("GET", f"/api/v1/campaigns/{cid}/deliveries?limit=100")["items"]
delivery = {d["address"]: d["id"] for d in page}

def post(path, body, headers=None):
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method="POST",
                                 headers=dict({"Content-Type": "application/json"}, **(headers or {})))
    try:
        with urllib.request.urlopen(req) as r: return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e: return e.code, json.loads(e.read() or b"{}")

def openssl_sign(key, data, digest):
    return base64.b64encode(subprocess.run(["openssl", "dgst", f"-{digest}", "-sign", key],
                                           input=data, capture_output=True, check=True).stdout).decode()

def suppressed():
    out = subprocess.run([os.environ["PREGON"], "suppression", "list", "--json"],
                         check=True, capture_output=True, text=True).stdout
    return {s["address"]: s["reason"] for s in json.loads(out)["suppressions"]}

def generic(events, secret="generic-secret", at=None):
    body = json.dumps(events).encode()
    ts = str(int(at if at is not None else time.time()))
    sig = hmac.new(secret.encode(), ts.encode() + b"." + body, hashlib.sha256).hexdigest()
    return post("/hooks/bounce", body, {"X-Pregon-Timestamp": ts, "X-Pregon-Signature": "sha256=" + sig})

# Generic: a hard bounce naming its delivery.
hard = {"email": "u0@example.com", "type": "hard", "reason": "550 5.1.1 no such user",
        "campaign_id": cid, "delivery_id": delivery["u0@example.com"]}
status, body = generic(hard)
assert status == 200 and body == {"recorded": 1, "duplicates": 0, "suppressed": 1, "invalid": 0}, (status, body)
assert generic(hard, secret="wrong")[0] == 401
status, body = generic({"email": "u7@example.com", "type": "hard"}, at=time.time() - 600)
assert status == 401 and "5 minutes" in body["error"]["message"], body
assert generic({"email": "u7@example.com", "type": "nope"})[0] == 400
# Soft bounces: the third suppresses.
for n in range(3):
    status, body = generic({"email": "u1@example.com", "type": "soft", "reason": f"mailbox full {n}"})
    assert status == 200 and body["suppressed"] == (1 if n == 2 else 0), (n, body)
print("ok: generic webhook: signed, replay refused, thresholds")

# Amazon SES through SNS, signature version 2 (SHA-256), naming the delivery by its headers.
def sns(message, key=W + "/sns.key", url=os.environ["cert_url"], mid="m-1"):
    m = {"Type": "Notification", "MessageId": mid, "TopicArn": "arn:aws:sns:us-east-1:1:ses",
         "Message": json.dumps(message), "Timestamp": "2026-12-06T10:00:00.000Z",
         "SignatureVersion": "2", "SigningCertURL": url}
    canonical = "".join(f"{k}\n{m[k]}\n" for k in ["Message", "MessageId", "Timestamp", "TopicArn", "Type"])
    m["Signature"] = openssl_sign(key, canonical.encode(), "sha256")
    return m
complaint = {"notificationType": "Complaint",
             "complaint": {"complainedRecipients": [{"emailAddress": "u2@example.com"}],
                           "complaintFeedbackType": "abuse"},
             "mail": {"headers": [{"name": "X-Pregon-Campaign-Id", "value": str(cid)},
                                  {"name": "X-Pregon-Delivery-Id", "value": str(delivery["u2@example.com"])}]}}
msg = sns(complaint)
status, body = post("/hooks/ses", json.dumps(msg).encode(), {"Content-Type": "text/plain"})
assert status == 200 and body["recorded"] == 1 and body["suppressed"] == 1, (status, body)
status, body = post("/hooks/ses", json.dumps(msg).encode())
assert status == 200 and body["duplicates"] == 1 and body["recorded"] == 0, body
tampered = dict(msg, Message=msg["Message"].replace("u2@", "u3@"))
assert post("/hooks/ses", json.dumps(tampered).encode())[0] == 401
elsewhere = sns(complaint, url="https://evil.example.com/SimpleNotificationService-0000.pem", mid="m-2")
status, body = post("/hooks/ses", json.dumps(elsewhere).encode())
assert status == 401 and "SNS host" in body["error"]["message"], body
print("ok: SES via SNS: RSA signature verified, certificate URL restricted, duplicates once")

# SendGrid: ECDSA over timestamp + body.
events = [{"email": "u3@example.com", "event": "bounce", "type": "bounce", "sg_event_id": "sg-1",
           "reason": "550 unknown", "pregon_campaign_id": str(cid)},
          {"email": "u4@example.com", "event": "spamreport", "sg_event_id": "sg-2"},
          {"email": "u5@example.com", "event": "open", "sg_event_id": "sg-3"}]
body = json.dumps(events).encode()
ts = str(int(time.time()))
sig = openssl_sign(W + "/sg.key", ts.encode() + body, "sha256")
headers = {"X-Twilio-Email-Event-Webhook-Timestamp": ts, "X-Twilio-Email-Event-Webhook-Signature": sig}
status, answer = post("/hooks/sendgrid", body, headers)
assert status == 200 and answer["recorded"] == 2 and answer["suppressed"] == 2, (status, answer)
assert post("/hooks/sendgrid", body.replace(b"u4@", b"u6@"), headers)[0] == 401
print("ok: SendGrid: ECDSA signature verified; bounce and spamreport, opens ignored")

# Postmark: HTTP Basic.
pm = {"RecordType": "Bounce", "Type": "SoftBounce", "ID": 99, "Email": "u5@example.com",
      "Description": "mailbox full", "Metadata": {"pregon_delivery_id": str(delivery["u5@example.com"])}}
auth = "Basic " + base64.b64encode(b"pm:pm-pass").decode()
status, answer = post("/hooks/postmark", pm, {"Authorization": auth})
assert status == 200 and answer["recorded"] == 1 and answer["suppressed"] == 0, (status, answer)
bad = "Basic " + base64.b64encode(b"pm:guess").decode()
assert post("/hooks/postmark", dict(pm, ID=100), {"Authorization": bad})[0] == 401
assert post("/hooks/postmark", dict(pm, ID=100))[0] == 401
print("ok: Postmark: Basic credentials; a soft bounce alone suppresses nobody")

# Mailgun: HMAC of timestamp + token.
def mailgun(event, at=None, key="mg-key"):
    ts = str(int(at if at is not None else time.time()))
    sig = hmac.new(key.encode(), (ts + "tok-" + event["id"]).encode(), hashlib.sha256).hexdigest()
    return post("/hooks/mailgun", {"signature": {"timestamp": ts, "token": "tok-" + event["id"], "signature": sig},
                                   "event-data": event})
mg = {"event": "failed", "severity": "permanent", "id": "mg-1", "recipient": "u6@example.com",
      "delivery-status": {"description": "No such mailbox"}}
assert mailgun(mg, key="other")[0] == 401
assert mailgun(mg, at=time.time() - 3600)[0] == 401
status, answer = mailgun(mg)
assert status == 200 and answer["suppressed"] == 1, (status, answer)
print("ok: Mailgun: signature and timestamp verified")

want = {"u0@example.com": "bounced", "u1@example.com": "bounced", "u2@example.com": "complaint",
        "u3@example.com": "bounced", "u4@example.com": "complaint", "u6@example.com": "bounced"}
assert suppressed() == want, suppressed()
e = api.ok("GET", f"/api/v1/campaigns/{cid}/engagement")
assert e["bounced"] == 2 and e["complained"] == 1, e  # u0 (named) and u5 (metadata); u2
rows = {r["address"]: r for r in api.ok("GET", f"/api/v1/campaigns/{cid}/recipients?activity=bounced")["items"]}
assert rows["u0@example.com"]["bounce_type"] == "hard" and rows["u5@example.com"]["bounce_type"] == "soft", rows
events = api.ok("GET", f"/api/v1/campaigns/{cid}/events?limit=100")["items"]
assert any(ev["kind"] == "complained" and "u2@example.com" in ev["message"] for ev in events), events
print("ok: deliveries marked, campaign events logged, 6 addresses suppressed")
PYEOF
# /metrics counts what this serve recorded, by type (the complaint and bounce rates' numerator).
curl -sf -H "Authorization: Bearer $token" "$API_URL/metrics" >"$W/metrics.txt" || fail "/metrics"
$PY - "$W/metrics.txt" "$W/p.db" <<'PYEOF'
import re, sqlite3, sys
text = open(sys.argv[1]).read()
got = {t: float(n) for t, n in re.findall(r'^pregon_mail_feedback_total\{type="(\w+)"\} (\S+)$', text, re.M)}
want = dict(sqlite3.connect(sys.argv[2]).execute("SELECT type, COUNT(*) FROM mail_feedback GROUP BY type"))
assert set(got) == {"hard", "soft", "complaint"}, got
assert all(got[t] == want.get(t, 0) for t in got) and want["complaint"] >= 2, (got, want)
print(f"ok: /metrics counts the feedback recorded: {got}")
PYEOF
kill "$SERVE_PID"; wait "$SERVE_PID" 2>/dev/null || true

id2=$("$PREGON" campaign create --name d --sender s --list lista --subject x --text x --json | json_field id)
"$PREGON" campaign send "$id2" >/dev/null
"$PREGON" worker --until-idle 2>/dev/null
status=$("$PREGON" campaign status "$id2" --json)
[ "$(json_field suppressed <<<"$status")" = 6 ] && [ "$(json_field sent <<<"$status")" = 2 ] ||
  fail "the next campaign should skip the 6 suppressed: $status"
echo "ok: webhooks"
