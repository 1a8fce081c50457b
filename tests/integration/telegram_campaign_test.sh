#!/usr/bin/env bash
# Telegram broadcasts through the sandbox Bot API: chats that blocked the bot become
# unavailable, are suppressed and skipped by the next campaign; a storm of 429s slows the
# send but loses and doubles nothing; the default 30 messages/s per bot is never exceeded
# in any one-second window of the provider's record. Also preview and test send by chat id,
# and tracked links in HTML texts.
source "$(dirname "$0")/lib.sh"

N=60
$PY - "$W/chats.csv" "$N" <<'PYEOF'
import sys
with open(sys.argv[1], "w") as f:
    f.write("chat_id,name,plan\n")
    for i in range(int(sys.argv[2])):
        f.write(f"{1000 + i},Usuario {i},{'pro' if i % 2 else 'free'}\n")
PYEOF
printf '1003\n1017\n1042\n' >"$W/blocked.txt"
start_sandbox --throttle-every 12 --blocked-ids "$W/blocked.txt"

"$PREGON" migrate >/dev/null
"$PREGON" contacts import "$W/chats.csv" --list bot >/dev/null
"$PREGON" sender add --name bot --kind telegram --bot-token 123456:ABC-secret-token --base-url "$SANDBOX_URL" >/dev/null
rate=$("$PREGON" sender list --json | $PY -c 'import json,sys; print(json.load(sys.stdin)["senders"][0]["rate"])')
[ "$rate" = 30.0 ] || fail "a telegram sender should default to 30 messages/s, got $rate"

create() {
  "$PREGON" campaign create --name "$1" --sender bot --list bot --parse-mode HTML \
    --text 'Hola <b>{{name}}</b>, tu plan: {{plan}}' --batch-size 20 --json | json_field id
}
id=$(create primera)

# Preview and test send by chat id leave the counters alone.
"$PREGON" campaign preview "$id" --contact 1001 | grep -q 'Hola <b>Usuario 1</b>, tu plan: pro' ||
  fail "preview by chat id"
"$PREGON" campaign test "$id" --to 1001 >/dev/null || fail "test send to 1001"
expect_error "test send to a chat that blocked the bot" "$PREGON" campaign test "$id" --to 1017
[ "$(wc -l <"$W/rec.jsonl")" = 1 ] || fail "the test send should be the only recorded message"
: >"$W/rec.jsonl"
[ "$("$PREGON" campaign status "$id" --json | json_field total)" = 0 ] || fail "a test send changed the counters"

"$PREGON" campaign send "$id" >/dev/null
"$PREGON" worker --until-idle --log-level info 2>"$W/worker.log"
status=$("$PREGON" campaign status "$id" --json)
echo "$status"
[ "$(json_field sent <<<"$status")" = 57 ] || fail "expected 57 sent"
[ "$(json_field unavailable <<<"$status")" = 3 ] || fail "expected 3 unavailable (blocked the bot)"
[ "$(json_field status <<<"$status")" = done ] || fail "unavailable recipients are expected outcomes: done"
"$PREGON" campaign events "$id" | grep -q throttled || fail "no throttled event: the 429 storm was not seen"

$PY - "$W/rec.jsonl" "$N" <<'PYEOF'
import collections, json, os, sys
records = [json.loads(l) for l in open(sys.argv[1])]
chats = collections.Counter(r["to"] for r in records)
expected = {str(1000 + i) for i in range(int(sys.argv[2]))} - {"1003", "1017", "1042"}
if set(chats) != expected or any(n != 1 for n in chats.values()):
    sys.exit(f"FAIL: each reachable chat must get exactly one message: {sorted(chats.items())[:5]}...")
if any(not r["text"].startswith("Hola <b>Usuario ") for r in records):
    sys.exit("FAIL: personalised text")
ts = sorted(r["ts"] for r in records)
worst = max(sum(1 for u in ts[i:] if u < t + 1.0) for i, t in enumerate(ts))
# pregon never sends more than 30 in any second; as the provider receives them, a stall of a
# busy machine can bunch a few up on the wire. PREGON_STRICT_TIMING=1 (a quiet machine)
# holds the provider's side to 30 too.
limit = 30 if os.environ.get("PREGON_STRICT_TIMING") == "1" else 33
if worst > limit:
    sys.exit(f"FAIL: {worst} messages within one second (limit {limit})")
print(f"ok: {len(records)} messages, each chat once, at most {worst} in any second, over {ts[-1] - ts[0]:.1f}s")
PYEOF

sup=$("$PREGON" suppression list --reason unavailable --json)
$PY -c 'import json,sys; s=sorted(x["address"] for x in json.load(sys.stdin)["suppressions"]); assert s == ["1003","1017","1042"], s' <<<"$sup" ||
  fail "the blocked chats should be suppressed as unavailable: $sup"

# The next campaign, through a second bot on a provider that does not throttle, skips them
# at snapshot time and runs at the default rate, never above 30 messages in any second.
REC=$W/rec2.jsonl start_sandbox --blocked-ids "$W/blocked.txt"
"$PREGON" sender add --name bot2 --kind telegram --bot-token 654321:XYZ --base-url "$SANDBOX_URL" >/dev/null
id2=$("$PREGON" campaign create --name segunda --sender bot2 --list bot --text 'Hola {{name}}' --json | json_field id)
"$PREGON" campaign send "$id2" >/dev/null
"$PREGON" worker --until-idle
status2=$("$PREGON" campaign status "$id2" --json)
[ "$(json_field suppressed <<<"$status2")" = 3 ] || fail "expected 3 suppressed: $status2"
[ "$(json_field sent <<<"$status2")" = 57 ] || fail "expected 57 sent: $status2"
grep -qE '"to":"(1003|1017|1042)"' "$W/rec2.jsonl" && fail "a suppressed chat was sent to"
$PY - "$W/rec2.jsonl" <<'PYEOF'
import json, os, sys
ts = sorted(json.loads(l)["ts"] for l in open(sys.argv[1]))
worst = max(sum(1 for u in ts[i:] if u < t + 1.0) for i, t in enumerate(ts))
# pregon never sends more than 30 in any second; as the provider receives them, a stall of a
# busy machine can bunch a few up on the wire. PREGON_STRICT_TIMING=1 (a quiet machine)
# holds the provider's side to 30 too.
limit = 30 if os.environ.get("PREGON_STRICT_TIMING") == "1" else 33
if worst > limit:
    sys.exit(f"FAIL: {worst} messages within one second (limit {limit})")
print(f"ok: {len(ts)} messages, at most {worst} in any second")
PYEOF

# A Bot API that takes each message but answers only after the request timeout: the
# request may have been taken, so under at_most_once each delivery ends unknown and is
# never sent again, whatever --max-attempts allows.
REC=$W/rec3.jsonl start_sandbox --latency-ms 2500
"$PREGON" sender add --name slowbot --kind telegram --bot-token 111:SLOW --base-url "$SANDBOX_URL" >/dev/null
head -6 "$W/chats.csv" >"$W/few.csv"  # chats 1000..1004; 1003 is suppressed
"$PREGON" contacts import "$W/few.csv" --list few >/dev/null
id3=$("$PREGON" campaign create --name lenta --sender slowbot --list few --text hola \
  --max-attempts 3 --json | json_field id)
"$PREGON" campaign send "$id3" >/dev/null
PREGON_REQUEST_TIMEOUT=1s "$PREGON" worker --until-idle 2>>"$W/worker.log"
status3=$("$PREGON" campaign status "$id3" --json)
[ "$(json_field unknown <<<"$status3")" = 4 ] || fail "timed-out sends should end unknown: $status3"
[ "$(json_field failed <<<"$status3")" = 0 ] || fail "a timed-out send is not known to have failed: $status3"
# The provider records each message when it answers, up to 2.5 s after the worker gave up.
for _ in $(seq 150); do [ "$(wc -l <"$W/rec3.jsonl" 2>/dev/null || echo 0)" -ge 4 ] && break; sleep 0.1; done
sleep 3  # a resend, had there been one, would now be recorded too
$PY - "$W/rec3.jsonl" <<'PYEOF'
import collections, json, sys
chats = collections.Counter(json.loads(l)["to"] for l in open(sys.argv[1]))
if chats != collections.Counter({"1000": 1, "1001": 1, "1002": 1, "1004": 1}):
    sys.exit(f"FAIL: each chat must get the message exactly once: {dict(chats)}")
print("ok: timed-out sends reached each chat once and were not resent")
PYEOF

# The bot token never shows in logs.
grep -q 'ABC-secret-token' "$W/worker.log" "$W"/sandbox.*.log && fail "the bot token was printed"

# With pregon's tracking, the links of an HTML text are rewritten to signed /t/c/ URLs (and
# nothing is added); a plain text keeps its URLs as written.
export PREGON_PUBLIC_URL=https://track.example.com
export PREGON_SECRET_KEY=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
: >"$W/rec2.jsonl"
id4=$("$PREGON" campaign create --name enlaces --sender bot2 --list few --parse-mode HTML \
  --text 'Hola <a href="https://shop.example/x">mira</a>' --json | json_field id)
id5=$("$PREGON" campaign create --name plano --sender bot2 --list few \
  --text 'Hola https://shop.example/x' --json | json_field id)
"$PREGON" campaign send "$id4" >/dev/null
"$PREGON" campaign send "$id5" >/dev/null
"$PREGON" worker --until-idle 2>>"$W/worker.log"
$PY - "$W/rec2.jsonl" <<'PYEOF'
import json, re, sys
texts = [json.loads(l)["text"] for l in open(sys.argv[1])]
html = [t for t in texts if t.startswith("Hola <a")]
plain = [t for t in texts if not t.startswith("Hola <a")]
assert len(html) == 4 and len(plain) == 4, texts
assert all(re.fullmatch(r'Hola <a href="https://track\.example\.com/t/c/c\d+\.\d+\.1\.[\w-]{22}">mira</a>', t) for t in html), html
assert len(set(html)) == 4, "one token per delivery"
assert all(t == "Hola https://shop.example/x" for t in plain), plain
print("ok: telegram: HTML links tracked, plain text left alone")
PYEOF
echo "ok: telegram campaign"
