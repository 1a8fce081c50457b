#!/usr/bin/env bash
# An admin ends another user's login sessions (issue finding 14), against the real server:
#   - GET/DELETE /api/v1/users/{id}/sessions lists (never the session ids) and ends them;
#   - revoking a token with ?end_sessions=true also signs its owner out;
#   - two session cookies in one request are refused rather than one picked;
#   - the CLI does the same: user sessions, user end-sessions, token revoke --end-sessions.
source "$(dirname "$0")/lib.sh"

"$PREGON" migrate 2>/dev/null
start_serve
ADMIN=$(new_token admin admin)
echo "pw-ana-12345" | "$PREGON" user create --username ana --role operator --password-stdin >/dev/null
export API_URL ADMIN TEST_DIR

$PY - <<'PY'
import os, sys
sys.path.insert(0, os.environ["TEST_DIR"])
from api_lib import Api

admin = Api(os.environ["API_URL"], os.environ["ADMIN"])
web = Api(os.environ["API_URL"])
def login():
    status, headers, body = web.call("POST", "/api/v1/auth/login",
                                     {"username": "ana", "password": "pw-ana-12345"}, token=None)
    assert status == 200, (status, body)
    return headers["set-cookie"].split(";")[0]
def me(cookie):
    return web.call("GET", "/api/v1/auth/me", token=None, headers={"Cookie": cookie})[0]

ana = next(u for u in admin.ok("GET", "/api/v1/users")["items"] if u["username"] == "ana")
S = f"/api/v1/users/{ana['id']}/sessions"
c1, c2 = login(), login()
assert me(c1) == 200 and me(c2) == 200
items = admin.ok("GET", S)["items"]
assert len(items) == 2 and all(set(s) == {"created_at", "expires_at"} for s in items), items
assert c1.split("=", 1)[1] not in repr(items)

# Two session cookies: refused, not one of them picked.
assert web.call("GET", "/api/v1/auth/me", token=None, headers={"Cookie": f"{c1}; {c2}"})[0] == 401

assert admin.ok("DELETE", S) == {"id": ana["id"], "sessions_ended": 2}
assert me(c1) == 401 and me(c2) == 401
admin.fails(404, "GET", "/api/v1/users/9999/sessions")
print("ok: an admin lists (without ids) and ends a user's sessions; two session cookies are refused")

# Revoking a leaked token can sign its owner out too.
c3 = login()
tok = admin.ok("POST", "/api/v1/tokens", {"username": "ana", "name": "leaked"})
assert admin.ok("DELETE", f"/api/v1/tokens/{tok['id']}")["sessions_ended"] is False
assert me(c3) == 200, "a plain revocation keeps sessions"
tok = admin.ok("POST", "/api/v1/tokens", {"username": "ana", "name": "leaked2"})
admin.fails(400, "DELETE", f"/api/v1/tokens/{tok['id']}?end_sessions=yes", field="end_sessions")
assert admin.ok("DELETE", f"/api/v1/tokens/{tok['id']}?end_sessions=true")["sessions_ended"] is True
assert me(c3) == 401
print("ok: revoking a token with end_sessions=true signs its owner out")
login()
PY

[ "$("$PREGON" user sessions --username ana --json | $PY -c 'import json,sys;print(len(json.load(sys.stdin)["sessions"]))')" = 1 ] ||
  fail "user sessions: $("$PREGON" user sessions --username ana)"
"$PREGON" user end-sessions --username ana | grep -q "1 session(s) of 'ana' ended" || fail "user end-sessions"
[ "$("$PREGON" user sessions --username ana --json)" = '{"sessions":[]}' ] || fail "sessions left"
expect_error "user end-sessions of an unknown user" "$PREGON" user end-sessions --username nobody
echo "ok: the CLI lists and ends sessions"
