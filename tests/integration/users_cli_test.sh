#!/usr/bin/env bash
# `pregon user create|list` and `pregon token create|list|revoke`: the contract lines of
# DESIGN §4, what they print, and bad input (one-line errors, nothing stored). Passwords and
# tokens are stored hashed only.
source "$(dirname "$0")/lib.sh"
"$PREGON" migrate 2>/dev/null

echo 'correct-horse-1' | "$PREGON" user create --username ana --role admin --password-stdin >out.txt
grep -q "user 1 'ana' (admin) created" out.txt || fail "user create: $(cat out.txt)"
"$PREGON" user create --username bot --role operator --json | $PY -c '
import json,sys; u=json.load(sys.stdin); assert u["username"]=="bot" and u["role"]=="operator" and not u["can_log_in"], u'
expect_error "a duplicate username" "$PREGON" user create --username ana --role viewer
expect_error "an unknown role" "$PREGON" user create --username x --role root
expect_error "a bad username" "$PREGON" user create --username 'x y' --role viewer
expect_error "a short password" bash -c "echo short | $PREGON user create --username y --role viewer --password-stdin"
expect_error "no password on stdin" bash -c "$PREGON user create --username z --role viewer --password-stdin </dev/null"
"$PREGON" user list --json | $PY -c '
import json,sys; us=json.load(sys.stdin)["users"]; assert [u["username"] for u in us]==["ana","bot"], us'

token=$("$PREGON" token create --username bot --name ci 2>err.txt)
[[ "$token" =~ ^pgn_[A-Za-z0-9_-]{43}$ ]] || fail "token create printed '$token'"
grep -q "cannot be shown again" err.txt || fail "no warning that the token is shown once"
expect_error "a token for an unknown user" "$PREGON" token create --username nobody
"$PREGON" token list --json | $PY -c "
import json,sys; ts=json.load(sys.stdin)['tokens']; assert len(ts)==1 and ts[0]['name']=='ci' and ts[0]['revoked_at'] is None, ts
assert '$token' not in json.dumps(ts) and ts[0]['prefix']=='${token:0:8}'"
"$PREGON" token revoke 1 >/dev/null
"$PREGON" token revoke 1 >/dev/null   # again: no change, no error
expect_error "revoking an unknown token" "$PREGON" token revoke 99
"$PREGON" token list --username bot | grep -q revoked || fail "token list does not show the revocation"

# Only hashes are stored.
$PY - "$W/p.db" "$token" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
dump = "\n".join(db.iterdump())
assert sys.argv[2] not in dump, "the token is stored in clear"
assert "correct-horse-1" not in dump, "the password is stored in clear"
assert db.execute("select password_hash from users where username='ana'").fetchone()[0].startswith("$argon2id$")
assert db.execute("select count(*) from users").fetchone()[0] == 2
PY
echo "ok: user and token commands; passwords argon2id, tokens hashed, revocation"
