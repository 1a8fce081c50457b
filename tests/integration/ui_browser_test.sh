#!/usr/bin/env bash
# The admin UI in Debian's chromium, driven by playwright-core (tests/ui/admin_test.mjs),
# against a real `pregon serve` sending through the real sandbox provider. Set
# PREGON_UI_SCREENSHOTS=DIR to keep the screenshots of the main pages (docs/ui/).
source "$(dirname "$0")/lib.sh"
# The browsers run once, on the normal build: under ASan+UBSan the same run (its sends,
# report loads and chromium against a sanitized serve) costs the suite two minutes it cannot
# spare. Under the sanitizers the page handlers then have src/http/ui's unit tests only.
if [ "${PREGON_TEST_SANITIZED:-}" = 1 ]; then echo "skip: the browser tests run on the normal build"; exit 0; fi
ROOT=$(cd "$TEST_DIR/../.." && pwd)
[ -x /usr/bin/chromium ] || fail "no /usr/bin/chromium: run scripts/bootstrap --test"
[ -d "$ROOT/web/node_modules/playwright-core" ] || fail "no playwright-core: run scripts/bootstrap --test"

# The key that signs the tracking links of the "Reported" campaign, for serve to check them.
export PREGON_SECRET_KEY=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
export ANALYTICS_DATABASE_URL="sqlite://$W/analytics.db"
start_sandbox --latency-ms 2 --report-delay-ms 300 --record-bodies
"$PREGON" migrate 2>/dev/null
"$PREGON" sender add --name news-relay --kind relay --base-url "$SANDBOX_URL" --api-key k \
  --account-id 7 --from-email news@example.com --concurrency 16 >/dev/null
"$PREGON" sender add --name throttled-relay --kind relay --base-url "$SANDBOX_URL" --api-key k \
  --account-id 7 --from-email news@example.com >/dev/null
# Its provider asked it to stop for an hour, as a 429 with Retry-After does.
db_rows "UPDATE senders SET paused_until = $(( $(date +%s) * 1000 + 3600000 )) WHERE name = 'throttled-relay'"
contacts 300 c.csv
"$PREGON" contacts import c.csv --list clientes >/dev/null
new_token ana admin >/dev/null
new_token vera viewer >/dev/null
new_token olga operator >/dev/null
# Hour slots: a job of 250 items, two seconds a range; dario holds 22:00's only place.
cat >job.sh <<'SH'
#!/bin/sh
# COMMAND prepare|range --user U --run R [--start A --end B]
[ "$1" = prepare ] && { echo 250; exit 0; }
echo "range of $3: items $7 to $9"
echo "<b>not bold</b>"
sleep 2
SH
chmod +x job.sh
export PREGON_SLOT_TZ=UTC
# The hour the client books: serve makes the current hour's run as it starts (without her, for
# she has not booked yet) and the next hour's when it begins, so she books neither of those.
now_hour=$((10#$(date -u +%H)))
book_hour=$(( (now_hour + 12) % 24 ))
[ "$book_hour" = 22 ] && book_hour=$(( (now_hour + 6) % 24 ))
"$PREGON" job define reporter --command "$W/job.sh" >/dev/null
"$PREGON" slot capacity --hour "$book_hour" --max-users 5 --bookable yes >/dev/null
"$PREGON" slot capacity --hour 22 --max-users 1 --bookable yes >/dev/null
new_token cata client >/dev/null
new_token dario client >/dev/null
"$PREGON" reservation create --username dario --hour 22 --estimate 100 --job reporter >/dev/null
create() {  # NAME [flags...]
  local name=$1; shift
  "$PREGON" campaign create --name "$name" --sender news-relay --list clientes --subject 'Hola {{name}}' \
    --text 'Hola {{name}} de {{city}}' "$@" >/dev/null
}
for i in 1 2 3; do create "Multi $i" --batch-size 100; done
create "Slow" --batch-size 20 --batch-pause 3s
create "Polled" --batch-size 100 --batch-pause 2s
echo '<p style="color:#333">Hola <b>{{name}}</b> de {{city}}</p>' >draft.html
create "Draft one" --html-file draft.html
create "Next week" --scheduled-at "$(date -u -d '+7 days' +%Y-%m-%dT09:00:00Z)"

# A campaign sent before serve starts, with pregon's tracking: serve fetches its provider
# reports by itself, and three readers open it.
echo '<p>Hola {{name}}</p>' >reported.html
sed 's/^p\([0-9]*\)@example.com/r\1@example.org/' c.csv >r.csv  # its bounces suppress no one else
"$PREGON" contacts import r.csv --list reported >/dev/null
reported=$("$PREGON" campaign create --name Reported --sender news-relay --list reported --subject Hola \
  --text 'Hola {{name}}' --html-file reported.html --json | json_field id)
"$PREGON" campaign send "$reported" >/dev/null
PREGON_PUBLIC_URL=https://track.example.com timeout 120 "$PREGON" worker --until-idle 2>>"$W/worker.log"

# A provider that answers every second request 429: the engine pauses its sender and logs each
# throttle, which the dashboard lists.
SANDBOX_MAIN=$SANDBOX_URL
REC=$W/throttling.jsonl start_sandbox --throttle-every 2
"$PREGON" sender add --name throttling-relay --kind relay --base-url "$SANDBOX_URL" --api-key k \
  --account-id 7 --from-email news@example.com >/dev/null
SANDBOX_URL=$SANDBOX_MAIN
head -n 4 c.csv >few.csv
"$PREGON" contacts import few.csv --list few >/dev/null
throttled=$("$PREGON" campaign create --name "Provider throttled" --sender throttling-relay --list few \
  --subject Hola --text 'Hola {{name}}' --json | json_field id)
"$PREGON" campaign send "$throttled" >/dev/null
timeout 120 "$PREGON" worker --until-idle 2>>"$W/worker.log"

export PREGON_POST_REPORTS_DELAY=0s PREGON_REPORTS_POLL_INITIAL=100ms PREGON_REPORTS_POLL_MAX=200ms
start_serve
for pixel in $(grep -o 'https://track.example.com/t/o/[A-Za-z0-9_.-]*\.gif' "$W/rec.jsonl" | sort -u | head -3); do
  curl -sf -o /dev/null -A 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36' \
    "$API_URL${pixel#https://track.example.com}" || fail "the open pixel $pixel was refused"
done
files=(admin_test.mjs reports_test.mjs audience_test.mjs senders_test.mjs profile_test.mjs slots_test.mjs)
PREGON_URL=$API_URL PREGON_BIN=$PREGON PREGON_UI_BOOK_HOUR=$book_hour ADMIN_PASSWORD=pw-ana-123 VIEWER_PASSWORD=pw-vera-123 \
  timeout 400 node --test --test-reporter=spec "${files[@]/#/$ROOT/tests/ui/}" \
  || fail "the browser tests failed (serve's log: $(tail -5 "$W"/serve.*.log))"
# The test send went out once, through the campaign's sender, and only the test.
[ "$(grep -c '"to":"test@example.com"' "$W/rec.jsonl")" = 1 ] || fail "the test send is not on the provider's record once"
