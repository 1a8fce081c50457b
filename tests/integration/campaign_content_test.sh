#!/usr/bin/env bash
# What campaigns carry besides subject and body, through the relay sandbox: reply_to,
# attachments (base64 in the JSON body), provider templates with a per-recipient model;
# templates refused at create time with their position; preview and test send leave the
# counters alone; the suppression list commands.
source "$(dirname "$0")/lib.sh"
start_sandbox
"$PREGON" migrate >/dev/null
printf 'email,name,Ciudad\nana@example.com,Ana <Ñ>,Lima\nbo@example.com,Bo,Quito\ncy@example.com,Cy,Cusco\n' >"$W/c.csv"
"$PREGON" contacts import "$W/c.csv" --list L >/dev/null
"$PREGON" sender add --name relay --kind relay --base-url "$SANDBOX_URL" --api-key K --account-id 7 \
  --from-email news@example.com >/dev/null

# Templates are checked when the campaign is created, with the error's position.
err=$("$PREGON" campaign create --name x --sender relay --list L --subject 'Hola' \
  --text $'línea 1\n  {{Cuidad}}' 2>&1 >/dev/null) && fail "an unknown field was accepted"
[[ "$err" == *"--text: line 2, column 3: unknown field 'Cuidad'"* ]] || fail "unexpected error: $err"
expect_error "unclosed section" "$PREGON" campaign create --name x --sender relay --list L --subject '{{#name}}x' --text t
expect_error "missing attachment" "$PREGON" campaign create --name x --sender relay --list L --subject s --text t --attach "$W/nope.pdf"
truncate -s 6M "$W/big.pdf"
err=$("$PREGON" campaign create --name x --sender relay --list L --subject s --text t --attach "$W/big.pdf" 2>&1) &&
  fail "a 6 MiB attachment was accepted"
[[ "$err" == *"attachment 'big.pdf' is 6.0 MiB: the limit is 5.0 MiB per file"* ]] || fail "unexpected error: $err"
expect_error "parse mode on e-mail" "$PREGON" campaign create --name x --sender relay --list L --subject s --text t --parse-mode HTML
expect_error "bad suppression reason" "$PREGON" suppression add a@example.com --reason angry

# Attachments and reply_to.
printf 'precios' >"$W/precios.csv"
id=$("$PREGON" campaign create --name files --sender relay --list L --subject 'Hola {{name}}' \
  --text 'En {{Ciudad}}' --reply-to respuestas@example.com --attach "$W/precios.csv" --json | json_field id)
"$PREGON" campaign preview "$id" --contact ANA@example.com | grep -q '^Subject: Hola Ana <Ñ>$' || fail "preview subject"
"$PREGON" campaign preview "$id" --contact ana@example.com --json |
  $PY -c 'import json,sys; p=json.load(sys.stdin); assert p["text"]=="En Lima" and p["reply_to"]=="respuestas@example.com" and p["attachments"][0]["filename"]=="precios.csv", p'
expect_error "preview for an unknown contact" "$PREGON" campaign preview "$id" --contact zz@example.com
"$PREGON" campaign test "$id" --to tester@example.com >/dev/null
grep -q '"to":"tester@example.com"' "$W/rec.jsonl" || fail "the test message was not sent"
[ "$("$PREGON" campaign status "$id" --json | json_field total)" = 0 ] || fail "a test send changed the counters"
"$PREGON" campaign events "$id" | grep -q 'test_sent' || fail "the test send is not in the event log"

# A suppressed contact is skipped; removing the suppression sends to it again.
"$PREGON" suppression add Bo@Example.com --reason unsubscribed >/dev/null
"$PREGON" suppression list | grep -q $'^bo@example.com\tunsubscribed' || fail "suppression list"
"$PREGON" campaign send "$id" >/dev/null
"$PREGON" worker --until-idle
st=$("$PREGON" campaign status "$id" --json)
[ "$(json_field sent <<<"$st")/$(json_field suppressed <<<"$st")" = 2/1 ] || fail "expected 2 sent, 1 suppressed: $st"
$PY - "$W/rec.jsonl" "$id" <<'PYEOF'
import json, sys
recs = [r for r in map(json.loads, open(sys.argv[1])) if r["campaign_id"] == int(sys.argv[2]) and r["delivery_id"]]
assert sorted(r["to"] for r in recs) == ["ana@example.com", "cy@example.com"], recs
assert all(r["attachments"] == [{"filename": "precios.csv", "content_type": "text/csv", "size": 7}] for r in recs), recs
PYEOF
"$PREGON" suppression list BO@example.com --json | grep -q '"reason":"unsubscribed"' || fail "suppression list ADDRESS"
expect_error "remove with the wrong reason" "$PREGON" suppression remove bo@example.com --reason bounced
"$PREGON" suppression remove bo@example.com --reason unsubscribed >/dev/null
expect_error "removing an address that is not suppressed" "$PREGON" suppression remove bo@example.com

# A provider template: the relay renders it with each recipient's fields as its model.
id2=$("$PREGON" campaign create --name tpl --sender relay --list L --template-id bienvenida --json | json_field id)
"$PREGON" campaign send "$id2" >/dev/null
"$PREGON" worker --until-idle
[ "$("$PREGON" campaign status "$id2" --json | json_field sent)" = 3 ] || fail "template campaign"
$PY - "$W/rec.jsonl" "$id2" <<'PYEOF'
import json, sys
recs = [r for r in map(json.loads, open(sys.argv[1])) if r["campaign_id"] == int(sys.argv[2]) and r["delivery_id"]]
assert len(recs) == 3 and all(r["template_id"] == "bienvenida" for r in recs), recs
ana = next(r for r in recs if r["to"] == "ana@example.com")
assert ana["model"] == {"name": "Ana <Ñ>", "email": "ana@example.com", "address": "ana@example.com", "Ciudad": "Lima"}, ana
PYEOF

# Import a suppression CSV: bad rows are reported with their line, the rest is kept.
printf 'email,reason\nx@example.com,complaint\nnot-an-address,manual\n@canal_news,\n' >"$W/sup.csv"
out=$("$PREGON" suppression import "$W/sup.csv" --json 2>/dev/null) && fail "an import with a bad row should exit non-zero"
$PY -c 'import json,sys; r=json.load(sys.stdin); assert r["added"]==2 and r["issues"][0]["line"]==3, r' <<<"$out"
"$PREGON" suppression list --json | $PY -c 'import json,sys; a={s["address"]:s["reason"] for s in json.load(sys.stdin)["suppressions"]}; assert a=={"x@example.com":"complaint","@canal_news":"manual"}, a'
echo "ok: campaign content"
