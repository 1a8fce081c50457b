#!/usr/bin/env bash
# The dirty audience fixture imports as its .expected.md says, through the real binary.
source "$(dirname "$0")/lib.sh"
FIXTURES=$TEST_DIR/../fixtures
"$PREGON" migrate 2>/dev/null
set +e
"$PREGON" contacts import "$FIXTURES/contacts-dirty.csv" --list dirty --json > report.json 2>err.txt
code=$?
set -e
[ "$code" = 2 ] || fail "exit code $code, want 2 (rows skipped)"
$PY - report.json "$W/p.db" <<'PY'
import json, sqlite3, sys
r = json.load(open(sys.argv[1]))
assert r["imported"] == 6 and r["skipped"] == 3, r
issues = {i["line"]: i["reason"] for i in r["issues"]}
assert set(issues) == {4, 7, 8}, issues
assert "duplicate of line 3" in issues[4] and "no e-mail" in issues[7] and "invalid e-mail" in issues[8], issues
db = sqlite3.connect(sys.argv[2])
rows = {e: (n, json.loads(f)) for e, n, f in db.execute("select email, name, fields from contacts")}
assert set(rows) == {"ana.perez@example.cl", "jose@example.com", "maria@example.com.ar",
                     "pedro@ejemplo.es", "lucia@example.pe", "carla@example.co"}, rows.keys()
assert rows["maria@example.com.ar"][0] == "María; la de ventas"
assert "\n" in rows["maria@example.com.ar"][1]["Nota"]
assert "🎉" in rows["pedro@ejemplo.es"][0] or rows["pedro@ejemplo.es"][0].startswith("Pedro ")
assert rows["ana.perez@example.cl"][1] == {"Ciudad": "Santiago", "Nota": 'cliente "VIP"'}
print("ok: fixture imported as expected")
PY
