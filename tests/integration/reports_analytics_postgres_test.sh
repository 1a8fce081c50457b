#!/usr/bin/env bash
# The analytics alias on PostgreSQL: pregon's own database is SQLite, the analytics one a fresh
# PostgreSQL database pregon creates its tables in. A downloaded report loads there typed
# (timestamptz dates, jsonb extra columns), the request remembers it, a second load is refused
# and --replace replaces; the default database is untouched by it.
source "$(dirname "$0")/lib.sh"
source "$TEST_DIR/reports_lib.sh"

fresh_db postgres analytics
export ANALYTICS_DATABASE_URL=$DATABASE_URL
export DATABASE_URL="sqlite://$W/p.db"
start_sandbox --seed 3
"$PREGON" migrate 2>/dev/null
sent_relay_campaign relay1 120 'Año nuevo' >/dev/null
rid=$(request_report relay1 opens)
await_report_ready "$rid"
rows=$(report_field "$rid" rows)
[ "$rows" -gt 0 ] || fail "the opens report loaded nothing into default"

out=$("$PREGON" report load "$rid" --alias analytics --json)
echo "$out" | $PY -c "import json,sys;o=json.load(sys.stdin);assert o['rows']==$rows and o['alias']=='analytics',o"
n=$(psql "$ANALYTICS_DATABASE_URL" -qAt -c "SELECT count(*) FROM report_opens WHERE report_request_id = $rid")
[ "$n" = "$rows" ] || fail "analytics holds $n rows, want $rows"
typed=$(psql "$ANALYTICS_DATABASE_URL" -qAt -c "SELECT DISTINCT pg_typeof(date)::text || ' ' || pg_typeof(extra)::text
  FROM report_opens WHERE report_request_id = $rid")
[ "$typed" = "timestamp with time zone jsonb" ] || fail "not typed as expected: $typed"
zero=$(psql "$ANALYTICS_DATABASE_URL" -qAt -c "SELECT count(*) FROM report_opens WHERE opens < 1 OR date IS NULL")
[ "$zero" = 0 ] || fail "$zero opened rows without opens or a date"
subject=$(psql "$ANALYTICS_DATABASE_URL" -qAt -c "SELECT DISTINCT subject FROM report_opens")
[ "$subject" = "Año nuevo" ] || fail "subject read back as '$subject'"
"$PREGON" report list --json | $PY -c "
import json,sys
r=[r for r in json.load(sys.stdin)['report_requests'] if r['id']==$rid][0]
assert r['analytics_loaded_at'] and r['default_loaded_at'], r"
echo "ok: $rows rows loaded into the analytics database on PostgreSQL, typed"

expect_error "a second load into analytics" "$PREGON" report load "$rid" --alias analytics
out=$("$PREGON" report load "$rid" --alias analytics --replace --json)
echo "$out" | $PY -c "import json,sys;o=json.load(sys.stdin);assert o['replaced']==$rows,o"
n=$(psql "$ANALYTICS_DATABASE_URL" -qAt -c "SELECT count(*) FROM report_rows")
[ "$n" = "$rows" ] || fail "--replace left $n rows, want $rows"
echo "ok: a second load refused, --replace exact"

ANALYTICS_DATABASE_URL=postgresql://nobody@127.0.0.1:1/none expect_error "an unreachable analytics database" \
  "$PREGON" report load "$rid" --alias analytics
