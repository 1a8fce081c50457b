#!/usr/bin/env bash
# Event streams and body-less requests against the real server (issue findings 2, 6, 12):
#   - event streams are capped per user (429) and in all (503), and hold no server thread:
#     with two handler threads and four streams open, /healthz keeps answering;
#   - a stream with no news (a draft nobody sends) ends by itself with "event: idle", and
#     gives its slot back;
#   - `curl -X POST …/auth/logout` with no body and no Content-Length is a complete request:
#     it ends the session at once (before: a 5 s wait, then 400, the session still valid);
#   - answers the transport gives itself carry the security headers and the one error shape.
source "$(dirname "$0")/lib.sh"

"$PREGON" migrate 2>/dev/null
PREGON_HTTP_THREADS=2 PREGON_HTTP_MAX_STREAMS=4 PREGON_HTTP_STREAMS_PER_USER=2 PREGON_SSE_IDLE_END=2s \
  start_serve
ADMIN=$(new_token admin admin)
A=$(new_token ana viewer)
B=$(new_token bob viewer)
C=$(new_token carl viewer)
echo "pw-dora-12345" | "$PREGON" user create --username dora --role operator --password-stdin >/dev/null
"$PREGON" sender add --name s --kind sandbox --base-url "$W/outbox.jsonl" >/dev/null
printf 'email,name\na@example.com,A\n' > c.csv
"$PREGON" contacts import c.csv --list L >/dev/null
CID=$("$PREGON" campaign create --name draft --sender s --list L --text hola --json | json_field id)
export API_URL A B C CID TEST_DIR

$PY - <<'PY'
import http.client, json, os, sys, threading, time, urllib.parse
sys.path.insert(0, os.environ["TEST_DIR"])
from api_lib import Api

u = urllib.parse.urlsplit(os.environ["API_URL"])
path = f"/api/v1/campaigns/{os.environ['CID']}/events"

def open_stream(token):
    """Opens a stream; returns (status, connection, response)."""
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=120)
    c.request("GET", path, headers={"Accept": "text/event-stream", "Authorization": "Bearer " + token})
    r = c.getresponse()
    return r.status, c, r

def read_until_end(r):
    names = []
    for raw in r.fp:
        line = raw.decode().rstrip("\n")
        if line.startswith("event: "): names.append(line[7:])
    return names

a1, a2 = open_stream(os.environ["A"]), open_stream(os.environ["A"])
assert a1[0] == 200 and a2[0] == 200, (a1[0], a2[0])
a3 = open_stream(os.environ["A"])
assert a3[0] == 429 and a3[2].getheader("Retry-After"), a3[0]
assert "event streams or downloads open already" in json.loads(a3[2].read())["error"]["message"]
b1, b2 = open_stream(os.environ["B"]), open_stream(os.environ["B"])
assert b1[0] == 200 and b2[0] == 200
c1 = open_stream(os.environ["C"])
assert c1[0] == 503, c1[0]
assert json.loads(c1[2].read())["error"]["code"] == "unavailable"
# Four streams are open and the server has two threads: it still answers.
h = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
h.request("GET", "/healthz"); assert h.getresponse().status == 200
print("ok: streams capped per user (429) and in all (503); /healthz answers while they are open")

# Nothing happens to the draft: each stream ends by itself with "event: idle".
for status, conn, r in (a1, a2, b1, b2):
    names = read_until_end(r)
    assert names[-1] == "idle" and "progress" in names, names
    conn.close()
for _ in range(200):  # the slots come back as the connections close
    s = open_stream(os.environ["C"])
    if s[0] == 200: break
    time.sleep(0.1)
assert s[0] == 200, s[0]
print("ok: an idle stream ends with 'event: idle' and gives its slot back")
PY

# A body-less POST is complete: the documented logout ends the session.
cookies="$W/cookies.txt"
csrf=$(curl -s -c "$cookies" -H 'Content-Type: application/json' -d '{"username":"dora","password":"pw-dora-12345"}' \
  "$API_URL/api/v1/auth/login" | json_field csrf_token)
[ "$(curl -s -o /dev/null -w '%{http_code}' -b "$cookies" "$API_URL/api/v1/auth/me")" = 200 ] || fail "not logged in"
code=$(curl -s -o /dev/null -w '%{http_code}' -m 60 -b "$cookies" -H "X-CSRF-Token: $csrf" -X POST "$API_URL/api/v1/auth/logout")
[ "$code" = 200 ] || [ "$code" = 204 ] || fail "body-less logout answered $code"
[ "$(curl -s -o /dev/null -w '%{http_code}' -b "$cookies" "$API_URL/api/v1/auth/me")" = 401 ] || fail "the session survived logout"
echo "ok: a POST with no body and no Content-Length is complete: logout ends the session"

# The transport's own answers: the error shape and the security headers.
hdrs=$(curl -s -D - -o "$W/body" -H 'Content-Type: application/json' -H 'Content-Length: 5, 5' \
  --data-binary '{}' "$API_URL/api/v1/auth/login")
grep -q '^HTTP/1.1 400' <<<"$hdrs" || fail "a list as Content-Length: $hdrs"
grep -qi '^X-Content-Type-Options: nosniff' <<<"$hdrs" || fail "400 without nosniff: $hdrs"
grep -qi '^Cache-Control: no-store' <<<"$hdrs" || fail "400 without no-store: $hdrs"
grep -qi '^Connection: close' <<<"$hdrs" || fail "a refused request left the connection open: $hdrs"
$PY -c "import json,sys; e=json.load(open(sys.argv[1]))['error']; assert e['code']=='bad_request' and 'Content-Length' in e['message'], e" "$W/body"
hdrs=$(curl -s -D - -o /dev/null -H 'Host: evil.example' "$API_URL/healthz")
grep -q '^HTTP/1.1 400' <<<"$hdrs" && grep -qi '^X-Content-Type-Options: nosniff' <<<"$hdrs" ||
  fail "foreign Host: $hdrs"
echo "ok: the transport's own answers carry the error shape and the security headers"
