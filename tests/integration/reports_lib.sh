# Helpers of the provider-report tests (sourced after lib.sh): a sent relay campaign to report
# on, a report asked for by hand, and waiting for it to be ready.

# sent_relay_campaign SENDER N [SUBJECT]: a relay sender SENDER on the sandbox, N contacts, a
# campaign to them sent to the end; prints the campaign's id.
sent_relay_campaign() {
  local sender=$1 n=$2 subject=${3:-Hola}
  "$PREGON" sender add --name "$sender" --kind relay --base-url "$SANDBOX_URL" --api-key k \
    --account-id 7 --from-email news@example.com >/dev/null
  contacts "$n" "$W/$sender.csv"
  "$PREGON" contacts import "$W/$sender.csv" --list "$sender" >/dev/null
  local id; id=$("$PREGON" campaign create --name "$sender" --sender "$sender" --list "$sender" \
    --subject "$subject" --text hi --json | json_field id)
  "$PREGON" campaign send "$id" >/dev/null
  timeout 120 "$PREGON" worker --until-idle 2>>"$W/worker.log"
  echo "$id"
}

# request_report SENDER TYPE: asks by hand for SENDER's TYPE report of yesterday and today
# (UTC); prints the request's id.
request_report() {
  "$PREGON" report request --sender "$1" --from "$(date -u -d yesterday +%F)" --to "$(date -u +%F)" \
    --type "$2" --json | $PY -c 'import json,sys;print(json.load(sys.stdin)["report_requests"][0])'
}

# await_report_ready ID: runs process-reports-pending until request ID is ready (or fails).
await_report_ready() {
  for _ in $(seq 150); do
    PREGON_REPORTS_POLL_INITIAL=100ms PREGON_REPORTS_POLL_MAX=200ms "$PREGON" process-reports-pending >/dev/null
    "$PREGON" report list --state ready --json | grep -q "\"id\":$1," && return 0
    sleep 0.2
  done
  fail "report request $1 never became ready: $("$PREGON" report list | head -5)"
}

# report_field ID FIELD: a field of report request ID as `report list --json` shows it.
report_field() {
  "$PREGON" report list --json | $PY -c "
import json,sys;print([r[sys.argv[2]] for r in json.load(sys.stdin)['report_requests'] if r['id']==int(sys.argv[1])][0])" "$1" "$2"
}
