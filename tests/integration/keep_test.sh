#!/usr/bin/env bash
# pregon backup, restore and prune on SQLite. A backup taken while a worker is sending is a
# consistent database (its counters add up to the campaign's total) that pregon opens; restore
# checks its file first (garbage, another program's database and a newer schema are refused),
# will not replace a database without --force, and gives back exactly what was backed up;
# prune deletes only rows older than it is told.
source "$(dirname "$0")/lib.sh"

"$PREGON" migrate >/dev/null
contacts 400 "$W/contacts.csv"
"$PREGON" contacts import "$W/contacts.csv" --list lista >/dev/null
"$PREGON" sender add --name s --kind sandbox --base-url "$W/outbox.jsonl" --rate 100 >/dev/null
id=$("$PREGON" campaign create --name c --sender s --list lista --subject x --text x \
  --batch-size 20 --json | json_field id)
"$PREGON" campaign send "$id" >/dev/null
"$PREGON" worker --until-idle 2>/dev/null &
worker=$!
PIDS+=($worker)
for _ in $(seq 200); do [ "$(lines "$W/outbox.jsonl")" -ge 50 ] && break; sleep 0.05; done
"$PREGON" backup "$W/live.db" 2>"$W/backup.log" || fail "backup: $(cat "$W/backup.log")"
grep -q "^backup written to $W/live.db" "$W/backup.log" || fail "backup message: $(cat "$W/backup.log")"
[ "$(stat -c %a "$W/live.db")" = 600 ] || fail "the backup should be readable by its owner only"
expect_error "a backup over an existing file" "$PREGON" backup "$W/live.db"
wait "$worker"
status=$("$PREGON" --db "sqlite://$W/live.db" campaign status "$id" --json)
$PY -c '
import json, sys
s = json.loads(sys.argv[1])
parts = sum(s[k] for k in ("pending", "in_flight", "sent", "failed", "unavailable", "suppressed", "unknown", "cancelled"))
assert s["total"] == 400 and parts == 400, s
assert 0 < s["sent"] < 400, f"the backup was to be taken mid-send: {s}"
sent, to_go = s["sent"], s["pending"] + s["in_flight"]
print(f"ok: a backup taken mid-send is consistent: {sent} sent, {to_go} to go")
' "$status"

# Restore: the file is checked before anything is touched.
head -c 4096 /dev/urandom >"$W/garbage.db"
expect_error "restoring garbage" env DATABASE_URL="sqlite://$W/new.db" "$PREGON" restore "$W/garbage.db"
$PY -c 'import sqlite3,sys; sqlite3.connect(sys.argv[1]).execute("CREATE TABLE t (x)")' "$W/other.db"
expect_error "restoring another program's database" env DATABASE_URL="sqlite://$W/new.db" "$PREGON" restore "$W/other.db"
cp "$W/live.db" "$W/newer.db"
$PY -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("INSERT INTO schema_migrations VALUES (999, \"future\", 0)"); c.commit()' "$W/newer.db"
expect_error "restoring a backup of a newer pregon" env DATABASE_URL="sqlite://$W/new.db" "$PREGON" restore "$W/newer.db"
[ -e "$W/new.db" ] && fail "a refused restore created the target"
DATABASE_URL="sqlite://$W/new.db" "$PREGON" restore "$W/live.db" 2>/dev/null
[ "$(DATABASE_URL="sqlite://$W/new.db" "$PREGON" campaign status "$id" --json)" = "$status" ] ||
  fail "the restored database differs from the backup"
expect_error "restoring over a database without --force" "$PREGON" restore "$W/live.db"
"$PREGON" restore "$W/live.db" --force 2>/dev/null
[ "$("$PREGON" campaign status "$id" --json)" = "$status" ] || fail "restore --force"
echo "ok: restore checks its file, needs --force to replace, and gives back the backup"

# Prune: nothing is old yet; 100 days later the events and bounce rows are.
counters=$("$PREGON" campaign status "$id" --json)
before=$("$PREGON" campaign events "$id" --json | $PY -c 'import json,sys; print(len(json.load(sys.stdin)["events"]))')
[ "$("$PREGON" prune --json | json_field events)" = 0 ] || fail "prune deleted recent events"
expect_error "prune keeping less than a day" "$PREGON" prune --events-older-than 1h
# The events, moved 100 days into the past.
$PY -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("UPDATE campaign_events SET ts = ts - 100 * 86400000"); c.commit()' "$W/p.db"
[ "$("$PREGON" prune --events-older-than 90d --json | json_field events)" = "$before" ] ||
  fail "prune should delete all $before events, now 100 days old"
[ "$("$PREGON" campaign events "$id" --json | $PY -c 'import json,sys; print(len(json.load(sys.stdin)["events"]))')" = 0 ] ||
  fail "events left after prune"
[ "$("$PREGON" campaign status "$id" --json)" = "$counters" ] || fail "prune touched deliveries"
echo "ok: prune deletes only what is older than it is told"

# The automatic policy: a worker prunes on its own, by PREGON_KEEP_EVENTS (off keeps all).

second=$("$PREGON" campaign create --name kept --sender s --list lista --subject x --text x --json | json_field id)
"$PREGON" campaign send "$second" >/dev/null
PREGON_KEEP_EVENTS=off "$PREGON" worker --until-idle 2>/dev/null
events_of() { "$PREGON" campaign events "$1" --json | $PY -c 'import json,sys; print(len(json.load(sys.stdin)["events"]))'; }
made=$(events_of "$second")
[ "$made" -gt 0 ] || fail "the second campaign logged no events"
$PY -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("UPDATE campaign_events SET ts = ts - 40 * 86400000"); c.commit()' "$W/p.db"
PREGON_KEEP_EVENTS=off "$PREGON" worker --until-idle 2>/dev/null
[ "$(events_of "$second")" = "$made" ] || fail "PREGON_KEEP_EVENTS=off pruned"
PREGON_KEEP_EVENTS=60d "$PREGON" worker --until-idle 2>/dev/null
[ "$(events_of "$second")" = "$made" ] || fail "60d pruned events 40 days old"
PREGON_KEEP_EVENTS=30d "$PREGON" worker --until-idle --log-level info 2>"$W/retention.log"
[ "$(events_of "$second")" = 0 ] || fail "a worker with PREGON_KEEP_EVENTS=30d kept 40-day-old events"
grep -Eq "retention: deleted [1-9][0-9]* campaign events" "$W/retention.log" || fail "not logged: $(cat "$W/retention.log")"
expect_error "a retention under a day" env PREGON_KEEP_EVENTS=2h "$PREGON" worker --until-idle
echo "ok: serve and workers prune by PREGON_KEEP_EVENTS on their own"
