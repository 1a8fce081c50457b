#!/usr/bin/env bash
# Bad input on the command line: every case is a one-line error, a non-zero exit code, and
# nothing half-written.
source "$(dirname "$0")/lib.sh"

expect_error "an unmigrated database" "$PREGON" sender list
"$PREGON" migrate 2>/dev/null
expect_error "a database URL with no backend" "$PREGON" --db mysql://x migrate
expect_error "an unknown sender kind" "$PREGON" sender add --name x --kind fax
expect_error "a relay sender without an API key" "$PREGON" sender add --name x --kind relay \
  --base-url http://127.0.0.1:1/ --account-id 1 --from-email a@example.com
expect_error "a relay sender with a bad URL" "$PREGON" sender add --name x --kind relay \
  --base-url 'ftp://nowhere' --api-key k --account-id 1 --from-email a@example.com
expect_error "a bad From address" "$PREGON" sender add --name x --kind sandbox --from-email not-an-address
expect_error "an SMTP URL with an unknown STARTTLS option" "$PREGON" sender add --name x --kind smtp \
  --smtp-url 'smtp://u:pw@mail.example.com:587?starttls=maybe' --from-email news@example.com
expect_error "a malformed bot token" "$PREGON" sender add --name x --kind telegram --bot-token 'bad token!'
expect_error "an unreadable CA file" env PREGON_CA_FILE=/nonexistent/ca.pem "$PREGON" worker --until-idle
"$PREGON" sender add --name s --kind sandbox --base-url "$W/outbox.jsonl" >/dev/null
expect_error "a duplicate sender name" "$PREGON" sender add --name s --kind sandbox

printf 'email,name\na@example.com,A\nb@example.com,B\n' > ok.csv
"$PREGON" contacts import ok.csv --list L >/dev/null
: > empty.csv
expect_error "an empty CSV" "$PREGON" contacts import empty.csv --list L2
head -c 2000 /dev/urandom > binary.csv; printf '\0' >> binary.csv
expect_error "a binary file" "$PREGON" contacts import binary.csv --list L2
printf 'name,city\nAna,Lima\n' > noaddr.csv
expect_error "a CSV without an address column" "$PREGON" contacts import noaddr.csv --list L2
expect_error "a missing file" "$PREGON" contacts import /nonexistent.csv --list L2
"$PREGON" sender list >/dev/null
# None of the refused imports created the list.
expect_error "campaign on the list a refused import named" "$PREGON" campaign create --name c --sender s --list L2 --text x

expect_error "an unknown sender" "$PREGON" campaign create --name c --sender nope --list L --text x
expect_error "an unknown list" "$PREGON" campaign create --name c --sender s --list nope --text x
expect_error "a bad duration" "$PREGON" campaign create --name c --sender s --list L --text x --batch-pause 12 minutes
expect_error "a bad duration unit" "$PREGON" campaign create --name c --sender s --list L --text x --batch-pause 12y
expect_error "a bad guarantee" "$PREGON" campaign create --name c --sender s --list L --text x --guarantee maybe
expect_error "a bad schedule time" "$PREGON" campaign create --name c --sender s --list L --text x --scheduled-at tomorrow
expect_error "a window without a zone" "$PREGON" campaign create --name c --sender s --list L --text x --window 08:00-21:00
expect_error "an unknown time zone" "$PREGON" campaign create --name c --sender s --list L --text x --window 08:00-21:00 --tz Mars/Olympus
expect_error "no body" "$PREGON" campaign create --name c --sender s --list L
expect_error "a zero batch size" "$PREGON" campaign create --name c --sender s --list L --text x --batch-size 0
expect_error "an unknown campaign" "$PREGON" campaign status 999
expect_error "pausing a draft" bash -c "$PREGON campaign pause \$($PREGON campaign create --name c --sender s --list L --text x --json | $PY -c 'import json,sys;print(json.load(sys.stdin)[\"id\"])')"

# Exactly one campaign was created (by the pause case); nothing from the refused ones.
$PY - "$W/p.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
n = db.execute("select count(*) from campaigns").fetchone()[0]
assert n == 1, f"{n} campaigns stored, want 1"
assert db.execute("select count(*) from lists").fetchone()[0] == 1
assert db.execute("select count(*) from senders").fetchone()[0] == 1
PY

# Multi-send: one bad id does not stop the good one; the exit code says something failed.
good=$("$PREGON" campaign create --name g --sender s --list L --text x --json | json_field id)
if "$PREGON" campaign send "$good" 999 2>err.txt; then fail "send with a bad id succeeded"; fi
grep -q "campaign 999" err.txt || fail "no per-id error for 999"
[ "$("$PREGON" campaign status "$good" --json | json_field status)" = queued ] || fail "good id not queued"
echo "ok: multi-send sends the good ids and reports the bad"

# A database newer than the binary is refused, and left as it was.
$PY -c "import sqlite3,sys;db=sqlite3.connect(sys.argv[1]);db.execute(\"insert into schema_migrations values (999,'future',0)\");db.commit()" "$W/p.db"
expect_error "a database newer than the binary (migrate)" "$PREGON" migrate
expect_error "a database newer than the binary (use)" "$PREGON" sender list
echo "ok: all bad input refused cleanly"
