#!/usr/bin/env bash
# Hour slots from the command line (docs/SLOTS.md): a database of schema v6 with users and
# API tokens migrates to v7 (the users table is rebuilt for the `client` role) with every
# token still valid; jobs are defined by an admin; clients reserve up to a slot's capacity in
# weights, with a clear refusal; a slot's run is created once with one user per reservation.
source "$(dirname "$0")/lib.sh"

# A v6 database, as the previous release left it: migrations 0001-0006 and a user with a token.
$PY - "$W/p.db" "$TEST_DIR/../../migrations/sqlite" <<'PY'
import glob, os, sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA foreign_keys = ON")
db.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
           "applied_at INTEGER NOT NULL)")
for path in sorted(glob.glob(os.path.join(sys.argv[2], "*.sql"))):
    version = int(os.path.basename(path)[:4])
    if version > 6:
        break
    db.executescript(open(path).read())
    db.execute("INSERT INTO schema_migrations VALUES (?, ?, 0)", (version, os.path.basename(path)))
PY
"$PREGON" migrate >/dev/null  # v1-v6 are applied: v7 is what is left
$PY - "$W/p.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
assert db.execute("SELECT MAX(version) FROM schema_migrations").fetchone()[0] >= 7
PY
"$PREGON" user create --username ops --role operator >/dev/null
token=$("$PREGON" token create --username ops --name ci 2>/dev/null)
$PY - "$W/p.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("PRAGMA foreign_keys = ON")
assert db.execute("PRAGMA foreign_key_check").fetchall() == []
sql = db.execute("SELECT sql FROM sqlite_master WHERE name = 'api_tokens'").fetchone()[0]
assert "REFERENCES users" in sql, sql
try:
    db.execute("DELETE FROM users WHERE username = 'ops'")
    raise SystemExit("a user with tokens was deleted: the foreign key is gone")
except sqlite3.IntegrityError:
    pass
PY
echo "ok: a v6 database migrates to v7 with its users and tokens intact"

export PREGON_SLOT_TZ=America/Bogota
expect_error "a relative job command" "$PREGON" job define reporter --command run.sh
"$PREGON" job define reporter --command /opt/reporter/run --range-size 50 --json |
  $PY -c 'import json,sys; j=json.load(sys.stdin); assert j["range_size"] == 50 and j["pool"] == "exec", j'
"$PREGON" limiter set exec --capacity 2 >/dev/null
"$PREGON" limiter list --json | $PY -c '
import json,sys; assert {"name": "exec", "capacity": 2} in json.load(sys.stdin)["limiters"]'
for u in ana bea cid dan; do "$PREGON" user create --username $u --role client >/dev/null; done
"$PREGON" slot capacity --hour 7 --max-users 3 >/dev/null
"$PREGON" reservation create --username ana --job reporter --hour 7 --estimate 3000 --json |
  $PY -c 'import json,sys; r=json.load(sys.stdin); assert (r["weight"], r["estimated_pending"], r["hour_label"]) == (2, 240, "07:00"), r'
"$PREGON" reservation create --username bea --job reporter --hour 7 --estimate 100 >/dev/null
expect_error "a full slot" "$PREGON" reservation create --username cid --job reporter --hour 7
why=$("$PREGON" reservation create --username cid --job reporter --hour 7 2>&1) &&
  fail "a full slot took one more"
[[ "$why" == *"the 07:00 slot is full (at most 3 users)"* ]] || fail "the refusal says '$why'"
expect_error "an unknown job" "$PREGON" reservation create --username cid --job nope --hour 8
expect_error "an hour past 23" "$PREGON" reservation create --username cid --job reporter --hour 24
"$PREGON" reservation create --username cid --job reporter --hour 8 >/dev/null
"$PREGON" slot list --json | $PY -c '
import json,sys
s = {x["hour"]: x for x in json.load(sys.stdin)["slots"]}
assert len(s) == 24 and s[7]["current_users"] == 3 and s[7]["available"] == 0, s[7]
assert s[8]["current_users"] == 1 and s[8]["max_users"] == 10, s[8]'
echo "ok: clients reserve up to a slot's capacity in weights; a full slot says so"

first=$("$PREGON" trigger-slot --hour 7 --json)
again=$("$PREGON" trigger-slot --hour 7 --json)
$PY - "$first" "$again" <<'PY'
import json, sys
first, again = json.loads(sys.argv[1]), json.loads(sys.argv[2])
assert first["id"] == again["id"], (first, again)
assert first["hour"] == 7 and first["status"] == "running", first
assert sorted(u["username"] for u in first["users"]) == ["ana", "bea"], first
assert all(u["status"] == "preparing" and u["ranges_total"] == 0 for u in first["users"])
# 07:00 in Bogota (UTC-5, no DST) is 12:00 UTC.
assert first["scheduled_at"].endswith("T12:00:00.000Z"), first["scheduled_at"]
PY
empty=$("$PREGON" trigger-slot --hour 3 --json | json_field id)
"$PREGON" run status "$empty" --json | $PY -c '
import json,sys; r=json.load(sys.stdin); assert r["hour"] == 3 and r["status"] == "completed" and r["finished_at"], r'
"$PREGON" run status --latest --json | $PY -c '
import json,sys; r=json.load(sys.stdin); assert r["hour"] == 7, r'  # the most recently scheduled
expect_error "a run that does not exist" "$PREGON" run status 999
"$PREGON" reservation cancel --username ana >/dev/null
expect_error "cancelling twice" "$PREGON" reservation cancel --username ana
echo "ok: a slot's run is created once, with one user per reservation"
