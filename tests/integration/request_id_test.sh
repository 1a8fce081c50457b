#!/usr/bin/env bash
# X-Request-Id: a client's (nginx's $request_id) is answered back, logged with every line
# the request writes and stored with the campaign events it causes; an unsafe or missing one
# is replaced by a new random id; the engine's own events carry none. (Through nginx, which
# sets it from its $request_id: deploy_files_test.sh.)
source "$(dirname "$0")/lib.sh"

"$PREGON" migrate >/dev/null
contacts 3 "$W/c.csv"
"$PREGON" contacts import "$W/c.csv" --list l >/dev/null
"$PREGON" sender add --name s --kind sandbox --base-url "$W/out.jsonl" >/dev/null
id=$("$PREGON" campaign create --name c --sender s --list l --subject x --text x --json | json_field id)
PREGON_LOG_FORMAT=json PREGON_WEBHOOK_SECRET=hook-secret start_serve
token=$(new_token ops operator)

header() {  # header NAME CURL-ARGS...: the value of response header NAME
  local name=$1; shift
  curl -s -o /dev/null -D - "$@" | tr -d '\r' | sed -n "s/^$name: //Ip"
}
[ "$(header X-Request-Id -X POST -H "Authorization: Bearer $token" -H 'X-Request-Id: ops-42.a_b:c' \
  "$API_URL/api/v1/campaigns/$id/send")" = "ops-42.a_b:c" ] || fail "the client's id is not answered back"
generated=$(header X-Request-Id "$API_URL/healthz")
[[ "$generated" =~ ^[0-9a-f]{16}$ ]] || fail "no generated id: '$generated'"
replaced=$(header X-Request-Id -H 'X-Request-Id: <script>' "$API_URL/healthz")
[[ "$replaced" =~ ^[0-9a-f]{16}$ ]] && [ "$replaced" != "$generated" ] || fail "an unsafe id was kept: '$replaced'"
echo "ok: X-Request-Id answered back, generated when missing or unsafe"

# A refused webhook logs a warning: the line carries the request's id.
curl -s -o /dev/null -H 'X-Request-Id: hook-7' -H 'Content-Type: application/json' \
  -d '{"events":[]}' "$API_URL/hooks/bounce"
for _ in $(seq 100); do grep -q '"request_id":"hook-7"' "$W"/serve.*.log && break; sleep 0.05; done
$PY - "$W"/serve.*.log <<'PYEOF'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
hook = [l for l in lines if l.get("request_id") == "hook-7"]
assert hook and "webhook" in hook[0]["msg"] and hook[0]["level"] == "warning", lines[-5:]
assert all(set(l) <= {"ts", "level", "msg", "request_id"} for l in lines), lines
print("ok: the log line a request writes carries its id")
PYEOF

# The events: the send carries the request's id, the engine's own (started, finished) none.
for _ in $(seq 300); do
  [ "$("$PREGON" campaign status "$id" --json | json_field status)" = done ] && break; sleep 0.1
done
curl -sf -H "Authorization: Bearer $token" "$API_URL/api/v1/campaigns/$id/events?limit=100" |
  $PY -c '
import json, sys
events = json.load(sys.stdin)["items"]
by_kind = {e["kind"]: e["request_id"] for e in events}
assert by_kind.get("send") == "ops-42.a_b:c", events
assert by_kind.get("started") == "" and by_kind.get("finished") == "", events
print("ok: the event the request caused carries its id; the engine'"'"'s carry none")
' || fail "events"

echo "ok: request ids"
