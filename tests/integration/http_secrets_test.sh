#!/usr/bin/env bash
# What `pregon serve` keeps from a careless or hostile client (issue findings 8–11):
#   - a login name with CR/LF/ESC cannot forge a log line or reach the terminal;
#   - a sender's base URL is shown with its credential masked, to every role;
#   - CR/LF in a value that becomes a provider header or URL is refused (API and CLI), so a
#     stored API key can never write headers of its own;
#   - the SQLite database, holding those secrets, is created readable by its owner only.
source "$(dirname "$0")/lib.sh"

umask 022  # as a careless shell would have it: the database must still be 0600
"$PREGON" migrate 2>/dev/null
mode=$(stat -c '%a' "$W/p.db")
[ "$mode" = 600 ] || fail "database created with mode $mode, want 600"
for f in "$W"/p.db-wal; do
  [ ! -e "$f" ] || [ "$(stat -c '%a' "$f")" = 600 ] || fail "$f has mode $(stat -c '%a' "$f")"
done
echo "ok: a new SQLite database is 0600 under umask 022"

start_serve
ADMIN=$(new_token admin admin)
VIEWER=$(new_token eve viewer)
export API_URL ADMIN VIEWER TEST_DIR

$PY - <<'PY'
import os, sys
sys.path.insert(0, os.environ["TEST_DIR"])
from api_lib import Api

admin = Api(os.environ["API_URL"], os.environ["ADMIN"])
viewer = Api(os.environ["API_URL"], os.environ["VIEWER"])
S = "/api/v1/senders"
relay = {"name": "r", "kind": "relay", "base_url": "https://api.example.com/v1/?key=s3cr3t-q&region=eu",
         "api_key": "k-123", "account_id": "7", "from_email": "news@example.com"}

# CR/LF in what becomes a header or a URL: refused, naming the field; nothing stored.
admin.fails(422, "POST", S, dict(relay, api_key="k\r\nX-Injected: 1"), field="api_key")
admin.fails(422, "POST", S, dict(relay, account_id="7\n"), field="account_id")
admin.fails(422, "POST", S, dict(relay, from_name="News\r\nBcc: x@example.com"), field="from_name")
admin.fails(422, "POST", S, {"name": "t", "kind": "telegram", "bot_token": "1:a\nb"}, field="bot_token")
assert admin.ok("GET", S)["items"] == [], "a refused sender was stored"
print("ok: CR/LF in api_key, account_id, from_name, bot_token refused, nothing stored")

# The credential in a base URL is masked for everyone, the admin who set it included.
admin.ok("POST", S, relay)
admin.ok("POST", S, {"name": "basic", "kind": "relay", "base_url": "https://user:pw-9@relay.example.com/",
                     "api_key": "k", "account_id": "7", "from_email": "news@example.com"})
for who in (admin, viewer):
    body = who.ok("GET", S)
    text = repr(body)
    assert "s3cr3t-q" not in text and "pw-9" not in text and "k-123" not in text, text
    urls = sorted(s["base_url"] for s in body["items"])
    assert urls == ["https://api.example.com/v1/?key=***&region=eu",
                    "https://user:***@relay.example.com/"], urls
print("ok: base_url credentials masked for admin and viewer")
PY

# The CLI refuses the same values, and its listing masks the same way.
expect_error "sender add with CR/LF in --api-key" \
  "$PREGON" sender add --name x --kind relay --base-url http://127.0.0.1:1/ --api-key $'k\r\nX-Injected: 1' \
  --account-id 7 --from-email news@example.com
"$PREGON" sender list | grep -q 'key=\*\*\*&region=eu' || fail "sender list shows: $("$PREGON" sender list)"
! "$PREGON" sender list | grep -q s3cr3t-q || fail "sender list shows the key"
echo "ok: the CLI refuses CR/LF too and masks base_url credentials"

# A login name with a newline and an escape sequence: one escaped log line, no forged one.
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
  --data '{"username":"mallory\nWARN forged line\u001b[2J","password":"x"}' "$API_URL/api/v1/auth/login")
[ "$code" = 401 ] || fail "login with a forged name answered $code"
log=$(ls "$W"/serve.*.log)
for _ in $(seq 50); do grep -q 'failed login' "$log" && break; sleep 0.1; done
grep -q "failed login for user 'mallory\\\\x0aWARN forged line\\\\x1b\[2J'" "$log" ||
  fail "login name not escaped in the log: $(grep -a 'failed login' "$log")"
! grep -q '^WARN forged line' "$log" || fail "a forged log line"
! grep -q $'\x1b' "$log" || fail "an escape character reached the log"
echo "ok: a login name cannot forge a log line or reach the terminal"
