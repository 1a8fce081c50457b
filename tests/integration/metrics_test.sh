#!/usr/bin/env bash
# /metrics scraped like Prometheus would: a worker's own (`--metrics-listen`, no token) while
# it sends one campaign, and serve's (a viewer's bearer token) after its engine sent another.
# Each exposition is parsed strictly as the text format (every sample in a family with HELP
# and TYPE, values numbers, histogram buckets cumulative up to +Inf = _count) and linted by
# promtool. The figures match the store and what each process sent (messages by channel and
# outcome, provider latency counts, limiter permits); no label carries an address or an id;
# serve without a token is a 401. Every metric the shipped dashboard and alert rules
# (deploy/monitoring/) use is exposed by one of them. The worker's logs, with
# PREGON_LOG_FORMAT=json, are one JSON object a line.
source "$(dirname "$0")/lib.sh"
ROOT=$(cd "$TEST_DIR/../.." && pwd)

"$PREGON" migrate >/dev/null
contacts 30 "$W/contacts.csv"
"$PREGON" contacts import "$W/contacts.csv" --list lista >/dev/null
{ head -1 "$W/contacts.csv"; sed -n 7,11p "$W/contacts.csv"; } >"$W/five.csv"  # p6..p10
"$PREGON" contacts import "$W/five.csv" --list five >/dev/null
"$PREGON" sender add --name s --kind sandbox --base-url "$W/outbox.jsonl" >/dev/null
id=$("$PREGON" campaign create --name c --sender s --list lista --subject x --text x \
  --batch-size 10 --json | json_field id)
"$PREGON" suppression add p3@example.com --reason unsubscribed >/dev/null

# campaign_done ID: waits (bounded) until the campaign is done.
campaign_done() {
  for _ in $(seq 600); do
    [ "$("$PREGON" campaign status "$1" --json | json_field status)" = done ] && return 0
    sleep 0.1
  done
  fail "campaign $1 did not finish"
}

# A worker with its own metrics listener sends the first campaign.
PREGON_LOG_FORMAT=json "$PREGON" worker --log-level info --metrics-listen 127.0.0.1:0 \
  2>"$W/worker.log" &
WORKER_PID=$!
PIDS+=($!)
WORKER_URL=$(bound_url "$W/worker.log" "metrics")
"$PREGON" campaign send "$id" >/dev/null
campaign_done "$id"
curl -sf "$WORKER_URL/metrics" >"$W/worker-metrics.txt" || fail "the worker's /metrics"
kill -TERM "$WORKER_PID"
wait "$WORKER_PID" || fail "the worker did not stop cleanly"
# PREGON_LOG_FORMAT=json: every line one JSON object with ts, level and msg.
$PY - "$W/worker.log" <<'PYEOF'
import json, re, sys
lines = open(sys.argv[1]).read().splitlines()
assert lines, "the worker logged nothing"
for line in lines:
    entry = json.loads(line)
    assert set(entry) == {"ts", "level", "msg"}, entry
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", entry["ts"]), entry
    assert entry["level"] in ("info", "warning", "error", "debug"), entry
assert any("finished as done" in json.loads(l)["msg"] for l in lines), lines
print(f"ok: {len(lines)} JSON log lines")
PYEOF

# serve's own engine sends the second one.
start_serve
second=$("$PREGON" campaign create --name c2 --sender s --list five --subject x --text x \
  --batch-size 10 --json | json_field id)
"$PREGON" campaign send "$second" >/dev/null
campaign_done "$second"
token=$(new_token prometheus viewer)
[ "$(curl -s -o /dev/null -w '%{http_code}' "$API_URL/metrics")" = 401 ] || fail "/metrics without a token"
curl -sf -H "Authorization: Bearer $token" "$API_URL/api/v1/campaigns/$id/progress" >/dev/null
curl -sf "$API_URL/healthz" >/dev/null
curl -s -D "$W/headers" -H "Authorization: Bearer $token" "$API_URL/metrics" >"$W/metrics.txt"
grep -qi '^content-type: text/plain; version=0.0.4' "$W/headers" || fail "content type: $(cat "$W/headers")"
if command -v promtool >/dev/null; then
  for f in metrics worker-metrics; do
    promtool check metrics <"$W/$f.txt" || fail "promtool check metrics: $f"
  done
  echo "ok: promtool finds both expositions well-formed"
fi
version=$("$PREGON" --version | awk '{print $NF}')
$PY - "$W/metrics.txt" "$W/worker-metrics.txt" "$version" "$ROOT/deploy/monitoring" <<'PYEOF'
import glob, math, re, sys
serve_file, worker_file, version, monitoring = sys.argv[1:5]
sample_re = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$')
label_re = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(?:,|$)')

def parse(path):
    text = open(path).read()
    assert text.endswith("\n"), "the exposition ends with a newline"
    help_, types, samples = {}, {}, []
    for n, line in enumerate(text.rstrip("\n").split("\n"), 1):
        if line.startswith("# HELP "):
            name, _, h = line[7:].partition(" "); help_[name] = h; continue
        if line.startswith("# TYPE "):
            name, _, t = line[7:].partition(" ")
            assert t in ("counter", "gauge", "histogram"), (n, line)
            assert name in help_, f"line {n}: TYPE before HELP"
            types[name] = t; continue
        m = sample_re.match(line)
        assert m, f"{path} line {n} is not a sample: {line!r}"
        name, labels_text, value = m.groups()
        labels = dict(label_re.findall(labels_text or ""))
        family = re.sub(r"_(bucket|sum|count)$", "", name) if name not in types else name
        assert family in types, f"line {n}: {name} has no # TYPE"
        v = float(value)
        assert not math.isnan(v), line
        for k, lv in labels.items():
            assert k not in ("id", "campaign", "campaign_id", "address", "email"), line
            assert "@" not in lv, f"an address in a label: {line}"
        samples.append((name, labels, v))
    # Histograms: cumulative buckets ending at +Inf == _count.
    for fam in [f for f, t in types.items() if t == "histogram"]:
        series = {tuple(sorted((k, v) for k, v in l.items() if k != "le"))
                  for n, l, v in samples if n == fam + "_bucket"}
        for key in series:
            buckets = [(l["le"], v) for n, l, v in samples if n == fam + "_bucket"
                       and tuple(sorted((k, x) for k, x in l.items() if k != "le")) == key]
            assert buckets[-1][0] == "+Inf", buckets
            assert all(a[1] <= b[1] for a, b in zip(buckets, buckets[1:])), buckets
            les = [float(le) for le, _ in buckets[:-1]]
            assert les == sorted(les), les
            count = [v for n, l, v in samples if n == fam + "_count"
                     and tuple(sorted(l.items())) == key]
            assert count == [buckets[-1][1]], (fam, key, count, buckets)
    def value(name, **labels):
        found = [v for n, l, v in samples if n == name and l == labels]
        assert len(found) == 1, (path, name, labels, found)
        return found[0]
    return types, samples, value

types, samples, value = parse(serve_file)
wtypes, wsamples, wvalue = parse(worker_file)
for v in (value, wvalue):
    assert v("pregon_build_info", version=version) == 1
# The store's view (serve): both campaigns.
assert value("pregon_deliveries", status="sent") == 34 and value("pregon_deliveries", status="suppressed") == 1
assert value("pregon_deliveries", status="pending") == 0
assert value("pregon_campaigns", status="done") == 2
assert value("pregon_ranges", status="done") == 4 and value("pregon_ranges_claimable") == 0
assert value("pregon_ranges_oldest_claimable_age_seconds") == 0
assert value("pregon_suppressions", reason="unsubscribed") == 1
assert value("pregon_http_requests_total", route="api", status="200") >= 1
assert value("pregon_http_requests_total", route="health", status="200") >= 1
assert value("pregon_http_requests_total", route="metrics", status="401") == 1
assert value("pregon_tracking_hits_total", kind="open", verdict="human") == 0
assert value("pregon_mail_feedback_total", type="complaint") == 0
# What each process's engine sent: the worker 29, serve 5; chunks timed per channel.
assert wvalue("pregon_messages_total", channel="sandbox", outcome="sent") == 29
assert value("pregon_messages_total", channel="sandbox", outcome="sent") == 5
assert wvalue("pregon_messages_total", channel="relay", outcome="sent") == 0
assert wvalue("pregon_provider_latency_seconds_count", channel="sandbox") >= 1
assert value("pregon_provider_latency_seconds_count", channel="sandbox") >= 1
assert wvalue("pregon_provider_throttles_total", channel="sandbox", kind="throttled") == 0
assert wvalue("pregon_lease_rescues_total") == 0 and wvalue("pregon_leases_lost_total") == 0
# The sender's gate: nothing held once the sends are done, nobody waiting.
assert wvalue("pregon_limiter_permits_held", pool="s") == 0
assert wvalue("pregon_limiter_permits_waiting", pool="s") == 0
assert "pregon_http_requests_total" not in wtypes, "a worker serves no API"
# Every metric the dashboard and the alert rules use is exposed by serve or a worker.
exposed = set(types) | set(wtypes)
used = set()
for f in glob.glob(monitoring + "/*.json") + glob.glob(monitoring + "/pregon-alerts.yml"):
    used |= set(re.findall(r"\bpregon_[a-z_]*[a-z]\b", open(f).read()))
used = {re.sub(r"_(bucket|sum|count)$", "", u) if u not in exposed else u for u in used}
missing = sorted(used - exposed)
assert not missing, f"used by deploy/monitoring but not exposed: {missing}"
print(f"ok: /metrics: serve {len(types)} families, worker {len(wtypes)}; "
      f"{len(used)} metrics of the dashboard and alerts all exposed")
PYEOF
echo "ok: metrics"
