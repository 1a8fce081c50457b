#!/usr/bin/env bash
# Online password guessing against `pregon serve` (issue findings 4 and 7):
#   - with no trusted proxy (the default) a client cannot pick its own address with
#     X-Forwarded-For: rotating the header does not escape the limit;
#   - a client that changes the username on each try is limited by its address;
#   - behind a trusted proxy the address is the hop the proxy saw, so a client cannot lock a
#     victim out by writing the victim's address first;
#   - logins beyond the cap on concurrent password checks are refused with 503, never a 500.
source "$(dirname "$0")/lib.sh"

"$PREGON" migrate 2>/dev/null
echo "pw-ana-123" | "$PREGON" user create --username ana --role operator --password-stdin >/dev/null
export TEST_DIR

login() {  # login BASE_URL USER PASSWORD [X-Forwarded-For] -> prints the HTTP status
  $PY - "$@" <<'PY'
import http.client, json, sys, urllib.parse
base, user, password = sys.argv[1:4]
u = urllib.parse.urlsplit(base)
c = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
headers = {"Content-Type": "application/json"}
if len(sys.argv) > 4: headers["X-Forwarded-For"] = sys.argv[4]
c.request("POST", "/api/v1/auth/login", json.dumps({"username": user, "password": password}), headers)
print(c.getresponse().status)
PY
}

start_serve
# 1. Five wrong passwords for ana, each claiming another address: the sixth is refused.
for i in 1 2 3 4 5; do
  [ "$(login "$API_URL" ana wrong "10.9.9.$i")" = 401 ] || fail "wrong password $i was not a 401"
done
[ "$(login "$API_URL" ana wrong 10.9.9.6)" = 429 ] || fail "a rotated X-Forwarded-For escaped the limit"
echo "ok: X-Forwarded-For from an untrusted peer is ignored; the 6th guess is refused"

# 2. New usernames on each try: the address's 20 failures (5 spent above) stop it.
for i in $(seq 1 15); do
  [ "$(login "$API_URL" "nobody$i" wrong)" = 401 ] || fail "guess $i with a new username was not a 401"
done
[ "$(login "$API_URL" nobody-else wrong)" = 429 ] || fail "changing the username escaped the address limit"
echo "ok: changing the username on each try is limited by address"
kill "$SERVE_PID"; wait "$SERVE_PID" 2>/dev/null || true

# 3. Behind nginx (trusted): the hop nginx appended is the client; what the client wrote first
# is not. The attacker spoofs the victim's address and is blocked; the victim is not.
PREGON_TRUSTED_PROXIES=127.0.0.1 start_serve
for i in 1 2 3 4 5; do
  [ "$(login "$API_URL" ana wrong "198.51.100.1, 203.0.113.66")" = 401 ] || fail "attacker guess $i"
done
[ "$(login "$API_URL" ana wrong "198.51.100.1, 203.0.113.66")" = 429 ] || fail "attacker not blocked"
[ "$(login "$API_URL" ana pw-ana-123 "198.51.100.1")" = 200 ] || fail "the victim was locked out"
echo "ok: behind a trusted proxy the attacker is blocked and the victim whose address it wrote is not"
kill "$SERVE_PID"; wait "$SERVE_PID" 2>/dev/null || true

# 4. Sixteen logins at once with one password check allowed at a time: each is answered
# 401 or 503 (with Retry-After), none waits on a busy server thread or fails otherwise.
PREGON_TRUSTED_PROXIES=127.0.0.1 PREGON_LOGIN_CONCURRENCY=1 start_serve
$PY - "$API_URL" <<'PY'
import http.client, json, sys, threading, urllib.parse
u = urllib.parse.urlsplit(sys.argv[1])
answers = []
def one(i):
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=120)
    c.request("POST", "/api/v1/auth/login", json.dumps({"username": f"u{i}", "password": "x"}),
              {"Content-Type": "application/json", "X-Forwarded-For": f"192.0.2.{i}"})
    r = c.getresponse()
    answers.append((r.status, r.getheader("Retry-After")))
threads = [threading.Thread(target=one, args=(i,)) for i in range(16)]
for t in threads: t.start()
for t in threads: t.join()
assert len(answers) == 16, answers
for status, retry in answers:
    assert status in (401, 503), answers
    assert status != 503 or retry == "1", answers
print(f"ok: 16 logins at once answered {sorted(s for s, _ in answers)}")
PY
