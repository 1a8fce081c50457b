#!/usr/bin/env bash
# pregon doctor on a real installation: an unmigrated database is an error naming
# `pregon migrate`; once migrated, a sender whose provider listens is ok and one whose port is
# closed is an error (nothing is sent to either); a mistyped setting and a missing secret key
# are warnings; an invalid setting is an error; --json gives the same checks; the exit code is
# 1 exactly when some check is an error.
source "$(dirname "$0")/lib.sh"

out=$("$PREGON" doctor 2>"$W/err") && fail "doctor on an unmigrated database should fail"
grep -q '^error    database .*run `pregon migrate`' <<<"$out" || fail "no migrate hint: $out"
grep -q '^pregon: error: doctor found 1 error$' "$W/err" || fail "stderr: $(cat "$W/err")"
echo "ok: an unmigrated database is an error with what to do"

"$PREGON" migrate 2>/dev/null
start_sandbox
closed=$($PY -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
"$PREGON" sender add --name up --kind relay --base-url "$SANDBOX_URL" --api-key k --account-id 1 \
  --from-email news@example.com >/dev/null
"$PREGON" sender add --name down --kind smtp --smtp-url "smtp://127.0.0.1:$closed" \
  --from-email news@example.com >/dev/null
lines_before=$(lines "$W/rec.jsonl")
export PREGON_SECRET_KEY=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
out=$(PREGON_TRAKING=off "$PREGON" doctor --timeout 2s) && fail "a closed provider port should fail doctor"
echo "$out"
grep -q '^ok       database             reachable, schema version' <<<"$out" || fail "database line"
grep -q "^ok       sender up            127.0.0.1:[0-9]* accepts connections" <<<"$out" || fail "sender up"
grep -q "^error    sender down          cannot connect to 127.0.0.1:$closed" <<<"$out" || fail "sender down"
grep -q '^warning  config               PREGON_TRAKING (environment) is not a setting' <<<"$out" ||
  fail "the typo"
grep -q 'PREGON_SECRET_KEY is not set' <<<"$out" && fail "the key is set"
grep -q '^warning  config               PREGON_PUBLIC_URL is not set' <<<"$out" || fail "public URL"
[ "$(lines "$W/rec.jsonl")" = "$lines_before" ] || fail "doctor sent something to a provider"
echo "ok: senders probed without sending; settings checked"

json=$("$PREGON" doctor --json --timeout 2s) && fail "--json: still an error"
$PY -c '
import json, sys
d = json.loads(sys.argv[1])
assert d["worst"] == "error" and d["errors"] == 1, d
areas = {(c["area"], c["level"]) for c in d["checks"]}
assert ("sender up", "ok") in areas and ("sender down", "error") in areas and ("database", "ok") in areas, areas
' "$json" || fail "doctor --json: $json"
"$PREGON" sender add --name also-up --kind relay --base-url "$SANDBOX_URL" --api-key k \
  --account-id 2 --from-email news@example.com >/dev/null
out=$(PREGON_PUBLIC_URL=http://mail.example.com "$PREGON" doctor --timeout 2s) && fail "bad public URL"
grep -q '^error    config               PREGON_PUBLIC_URL must be https://' <<<"$out" || fail "public URL check: $out"
echo "ok: doctor --json and the exit code follow the worst check"
