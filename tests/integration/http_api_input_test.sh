#!/usr/bin/env bash
# Bad input to the HTTP API — malformed JSON, wrong types, unknown fields, huge bodies,
# chunked bodies, unknown query parameters, foreign Host headers, SQL-injection and
# <script> strings — each is a clear 4xx in the one error shape, nothing is stored half-way,
# and the server keeps answering. Also: /readyz before `pregon migrate`, a Unix socket, and a
# clean SIGTERM with an event stream open.
source "$(dirname "$0")/lib.sh"

# Before migrating: up, not ready; the API says why.
PREGON_LOG_LEVEL=debug start_serve
[ "$(curl -s -o /dev/null -w '%{http_code}' "$API_URL/healthz")" = 200 ] || fail "/healthz before migrate"
ready=$(curl -s -w ' %{http_code}' "$API_URL/readyz")
[[ "$ready" == *' 503' && "$ready" == *'pregon migrate'* ]] || fail "/readyz before migrate: $ready"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$API_URL/api/v1/campaigns")" = 503 ] || fail "API before migrate"
"$PREGON" migrate 2>/dev/null
for _ in $(seq 50); do [ "$(curl -s -o /dev/null -w '%{http_code}' "$API_URL/readyz")" = 200 ] && break; sleep 0.1; done
[ "$(curl -s -o /dev/null -w '%{http_code}' "$API_URL/readyz")" = 200 ] || fail "/readyz after migrate"
echo "ok: /healthz up and /readyz 503 (run pregon migrate) before migrating, 200 after"

OPERATOR=$(new_token ops operator)
ADMIN=$(new_token admin admin)
"$PREGON" sender add --name s --kind sandbox --base-url "$W/outbox.jsonl" >/dev/null
printf 'email,name\na@example.com,A\nb@example.com,B\n' > c.csv
"$PREGON" contacts import c.csv --list L >/dev/null
export API_URL OPERATOR ADMIN W TEST_DIR

$PY - <<'PY'
import json, os, sqlite3, sys
sys.path.insert(0, os.environ["TEST_DIR"])
from api_lib import Api

api = Api(os.environ["API_URL"], os.environ["OPERATOR"])
admin = Api(os.environ["API_URL"], os.environ["ADMIN"])
db = sqlite3.connect(os.environ["W"] + "/p.db")
def count(table): return db.execute(f"select count(*) from {table}").fetchone()[0]
good = {"name": "c", "sender": "s", "list": "L", "text": "Hola {{name}}"}
C = "/api/v1/campaigns"

api.fails(400, "POST", C, raw=b'{"name": "c", ', content_type="application/json", code="bad_request")
api.fails(400, "POST", C, raw=b'[1, 2]', content_type="application/json")
api.fails(400, "POST", C, raw=b'{"name": "\xff\xfe"}', content_type="application/json")
api.fails(400, "POST", C, raw=b'[' * 5000 + b']' * 5000, content_type="application/json")
api.fails(415, "POST", C, raw=json.dumps(good).encode(), content_type="text/plain", code="unsupported_media_type")
api.fails(415, "POST", C, raw=b"name=c&sender=s", content_type="application/x-www-form-urlencoded")
api.fails(400, "POST", C, dict(good, batch_size="10"), field="batch_size")
api.fails(400, "POST", C, dict(good, batch_size=10.5), field="batch_size")
api.fails(400, "POST", C, dict(good, name=["c"]), field="name")
api.fails(400, "POST", C, dict(good, rate="fast"), field="rate")
api.fails(400, "POST", C, dict(good, colour="red"), field="colour", code="bad_request")
api.fails(400, "POST", C, {"sender": "s", "list": "L", "text": "x"}, field="name")
api.fails(400, "POST", C, dict(good, name="a\u0000b"), field="name")
api.fails(400, "POST", C, dict(good, attachments=[{"filename": "a.txt", "content_base64": "***"}]),
          field="attachments[0].content_base64")
api.fails(422, "POST", C, dict(good, batch_size=0), field="batch_size", code="invalid_argument")
api.fails(422, "POST", C, dict(good, sender="nope"), field="sender")
api.fails(422, "POST", C, dict(good, text="Hola {{apellido}}"), field="text")
api.fails(422, "POST", C, dict(good, window="8-21", time_zone="America/Santiago"), field="window")
api.fails(422, "POST", C, dict(good, window="08:00-21:00", time_zone="Mars/Olympus"), field="time_zone")
api.fails(422, "POST", C, dict(good, scheduled_at="tomorrow"), field="scheduled_at")
api.fails(422, "POST", C, dict(good, batch_pause="12 minutes"), field="batch_pause")
api.fails(400, "POST", "/api/v1/campaigns/send", {"ids": "1,2"}, field="ids")
api.fails(400, "POST", "/api/v1/campaigns/send", {"ids": [1, "2"]}, field="ids")
api.fails(400, "POST", "/api/v1/suppressions", {"address": 5}, field="address")
api.fails(422, "POST", "/api/v1/suppressions", {"address": "not an address"}, field="address")
admin.fails(422, "POST", "/api/v1/senders", {"name": "r", "kind": "relay"}, field="base_url")
admin.fails(422, "POST", "/api/v1/senders", {"name": "r", "kind": "fax"}, field="kind")
admin.fails(422, "POST", "/api/v1/users", {"username": "x y", "role": "viewer"}, field="username")
admin.fails(422, "POST", "/api/v1/users", {"username": "x", "role": "root"}, field="role")
status, _, body = api.multipart("POST", "/api/v1/contacts/import", {"list": "L2"}, {"file": ("b.csv", bytes(range(256)) * 10)})
assert status == 422 and body["error"]["details"]["field"] == "file", (status, body)
status, _, body = api.multipart("POST", "/api/v1/contacts/import", {"list": "L2", "extra": "1"}, {"file": ("c.csv", b"email\na@x.com\n")})
assert status == 400 and body["error"]["details"]["field"] == "extra", (status, body)
status, _, body = api.multipart("POST", "/api/v1/contacts/import", {}, {"file": ("c.csv", b"email\na@x.com\n")})
assert status == 400 and body["error"]["details"]["field"] == "list", (status, body)
api.fails(415, "POST", "/api/v1/contacts/import", {"list": "L2"})
api.fails(400, "GET", C + "?colour=red", field="colour")
api.fails(400, "GET", C + "?limit=0", field="limit")
api.fails(400, "GET", C + "?limit=abc", field="limit")
api.fails(400, "GET", C + "?cursor=bm9wZQ", field="cursor")
api.fails(400, "GET", C + "?cursor=%27%20OR%201%3D1%20--", field="cursor")
api.fails(400, "GET", C + "?status=lost", field="status")
api.fails(400, "GET", C + "?sender_id=1%20OR%201=1", field="sender_id")
api.fails(404, "GET", C + "/abc")
api.fails(404, "GET", C + "/99999")
api.fails(404, "GET", "/api/v1/nothing/here", code="not_found")
err, headers = api.fails(405, "DELETE", C, code="method_not_allowed")
assert headers["allow"] == "GET, POST", headers
api.fails(400, "POST", "/api/v1/campaigns/1/send", {"now": True}, field="now")
print("ok: malformed JSON, wrong types, unknown fields and parameters, bad values: 400/404/405/415/422 naming the field")

# Nothing stored half-way: no campaign, sender, user or list came of any of it.
assert (count("campaigns"), count("senders"), count("lists"), count("suppressions")) == (0, 1, 1, 0)
assert count("users") == 2

# Hostile strings are data: stored and returned verbatim, as JSON.
evil = "x'); DROP TABLE campaigns; -- <script>alert(1)</script> \" \\ \u00e9\u202e"
c = api.ok("POST", C, dict(good, name=evil, subject=evil, text=evil.replace("{", "")))
status, headers, body = api.call("GET", f"{C}/{c['id']}")
assert status == 200 and headers["content-type"] == "application/json" and headers["x-content-type-options"] == "nosniff"
assert body["name"] == evil and body["subject"] == evil, body
found = api.ok("GET", C + "?q=" + "DROP%20TABLE")["items"]
assert [x["id"] for x in found] == [c["id"]], found
api.fails(422, "POST", "/api/v1/suppressions", {"address": "a@x.com' OR '1'='1"}, field="address")
assert db.execute("select name from campaigns").fetchone()[0] == evil
assert count("campaigns") == 1
print("ok: SQL-injection and <script> strings stored and returned verbatim as JSON; the tables are intact")
PY

# Bodies: larger than PREGON_HTTP_MAX_BODY (16 MiB) is 413 before it is read; a chunked body
# is read like any other.
head -c $((17 * 1024 * 1024)) /dev/zero | tr '\0' 'a' > big.json
code=$(curl -s -o resp.json -w '%{http_code}' -H "Authorization: Bearer $OPERATOR" -H 'Content-Type: application/json' \
  --data-binary @big.json "$API_URL/api/v1/campaigns")
[ "$code" = 413 ] || fail "a 17 MiB body: $code $(head -c 200 resp.json)"
grep -q '"payload_too_large"' resp.json || fail "413 not in the error shape: $(cat resp.json)"
code=$(printf '{"address":"chunked@example.com","reason":"manual"}' | curl -s -o resp.json -w '%{http_code}' \
  -H "Authorization: Bearer $OPERATOR" -H 'Content-Type: application/json' -H 'Transfer-Encoding: chunked' \
  --data-binary @- "$API_URL/api/v1/suppressions")
[ "$code" = 201 ] && grep -q chunked@example.com resp.json || fail "a chunked body: $code $(cat resp.json)"
code=$(curl -s -o resp.json -w '%{http_code}' -H 'Host: evil.example.com' "$API_URL/healthz")
[ "$code" = 400 ] && grep -q '"field":"Host"' resp.json || fail "a foreign Host: $code $(cat resp.json)"
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Host: localhost:9999' "$API_URL/healthz")
[ "$code" = 200 ] || fail "an allowed Host with another port: $code"
echo "ok: 17 MiB body -> 413, a chunked body read, foreign Host -> 400"
curl -sf "$API_URL/healthz" >/dev/null || fail "the server stopped answering"
kill -0 "$SERVE_PID" || fail "the server died"

# A Unix socket, with the same API.
sock="$W/api.sock"
PREGON_COOKIE_SECURE=false "$PREGON" serve --listen "unix:$sock" >>"$W/serve-unix.log" 2>&1 &
unix_pid=$!; PIDS+=($unix_pid)
for _ in $(seq 100); do [ -S "$sock" ] && break; sleep 0.05; done
[ "$(stat -c %a "$sock")" = 660 ] || fail "socket mode $(stat -c %a "$sock")"
curl -sf --unix-socket "$sock" http://localhost/healthz | grep -q ok || fail "healthz over the Unix socket"
n=$(curl -sf --unix-socket "$sock" -H "Authorization: Bearer $OPERATOR" http://localhost/api/v1/campaigns \
  | $PY -c 'import json,sys;print(len(json.load(sys.stdin)["items"]))')
[ "$n" = 1 ] || fail "campaigns over the Unix socket: $n"
[ "$(curl -s -o /dev/null -w '%{http_code}' --unix-socket "$sock" http://localhost/api/v1/campaigns)" = 401 ] || fail "401 over the socket"
echo "ok: the API over a Unix socket (mode 660)"

# SIGTERM with an event stream open (on a draft campaign, so it would never end by itself):
# the stream ends, the server exits 0 promptly, the socket file is removed.
curl -sN --unix-socket "$sock" -H "Authorization: Bearer $OPERATOR" -H 'Accept: text/event-stream' \
  http://localhost/api/v1/campaigns/1/events > stream.txt &
curl_pid=$!
for _ in $(seq 50); do grep -q 'event: progress' stream.txt 2>/dev/null && break; sleep 0.1; done
grep -q 'event: progress' stream.txt || fail "no progress event on the stream: $(cat stream.txt)"
start=$(date +%s%N)
kill -TERM "$unix_pid"
rc=0; wait "$unix_pid" || rc=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$rc" = 0 ] || fail "serve exited $rc on SIGTERM"
[ "$ms" -lt 8000 ] || fail "serve took $ms ms to stop with a stream open"
wait "$curl_pid" || true
[ ! -e "$sock" ] || fail "the socket file was left behind"
echo "ok: SIGTERM with an event stream open: exit 0 in $ms ms"

# Secrets never in the log.
! grep -qF -- "$OPERATOR" "$W"/serve.*.log "$W/serve-unix.log" || fail "a token in the serve log"
echo "ok: bad input refused cleanly; server still up"
