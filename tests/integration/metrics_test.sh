#!/usr/bin/env bash
# GET /metrics scraped like Prometheus would (a viewer's bearer token) after a campaign, and
# parsed strictly as the text exposition format: every sample belongs to a family with HELP
# and TYPE, values are numbers, histogram buckets are cumulative up to +Inf = _count. The
# figures match the store (deliveries, campaigns, suppressions) and the requests made; no
# label carries an address or an id; without a token it is a 401. The worker's logs, with
# PREGON_LOG_FORMAT=json, are one JSON object a line.
source "$(dirname "$0")/lib.sh"

"$PREGON" migrate >/dev/null
contacts 30 "$W/contacts.csv"
"$PREGON" contacts import "$W/contacts.csv" --list lista >/dev/null
"$PREGON" sender add --name s --kind sandbox --base-url "$W/outbox.jsonl" >/dev/null
id=$("$PREGON" campaign create --name c --sender s --list lista --subject x --text x \
  --batch-size 10 --json | json_field id)
"$PREGON" suppression add p3@example.com --reason unsubscribed >/dev/null
"$PREGON" campaign send "$id" >/dev/null
PREGON_LOG_FORMAT=json "$PREGON" worker --until-idle --log-level info 2>"$W/worker.log"
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
start_serve
token=$(new_token prometheus viewer)
[ "$(curl -s -o /dev/null -w '%{http_code}' "$API_URL/metrics")" = 401 ] || fail "/metrics without a token"
curl -sf -H "Authorization: Bearer $token" "$API_URL/api/v1/campaigns/$id/progress" >/dev/null
curl -sf "$API_URL/healthz" >/dev/null
curl -s -D "$W/headers" -H "Authorization: Bearer $token" "$API_URL/metrics" >"$W/metrics.txt"
grep -qi '^content-type: text/plain; version=0.0.4' "$W/headers" || fail "content type: $(cat "$W/headers")"
$PY - "$W/metrics.txt" <<'PYEOF'
import math, re, sys
text = open(sys.argv[1]).read()
assert text.endswith("\n"), "the exposition ends with a newline"
help_, types, samples = {}, {}, []
sample_re = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$')
label_re = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(?:,|$)')
for n, line in enumerate(text.rstrip("\n").split("\n"), 1):
    if line.startswith("# HELP "):
        name, _, h = line[7:].partition(" "); help_[name] = h; continue
    if line.startswith("# TYPE "):
        name, _, t = line[7:].partition(" ")
        assert t in ("counter", "gauge", "histogram"), (n, line)
        assert name in help_, f"line {n}: TYPE before HELP"
        types[name] = t; continue
    m = sample_re.match(line)
    assert m, f"line {n} is not a sample: {line!r}"
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
def value(name, **labels):
    found = [v for n, l, v in samples if n == name and l == labels]
    assert len(found) == 1, (name, labels, found)
    return found[0]
assert value("pregon_build_info", version="0.1.0") == 1
assert value("pregon_deliveries", status="sent") == 29 and value("pregon_deliveries", status="suppressed") == 1
assert value("pregon_deliveries", status="pending") == 0
assert value("pregon_campaigns", status="done") == 1
assert value("pregon_ranges", status="done") == 3 and value("pregon_ranges_claimable") == 0
assert value("pregon_suppressions", reason="unsubscribed") == 1
assert value("pregon_http_requests_total", route="api", status="200") >= 1
assert value("pregon_http_requests_total", route="health", status="200") >= 1
assert value("pregon_http_requests_total", route="metrics", status="401") == 1
assert value("pregon_tracking_hits_total", kind="open", verdict="human") == 0
# Histograms: cumulative buckets ending at +Inf == _count.
for route in {l["route"] for n, l, v in samples if n == "pregon_http_request_duration_seconds_count"}:
    buckets = [(l["le"], v) for n, l, v in samples
               if n == "pregon_http_request_duration_seconds_bucket" and l["route"] == route]
    assert buckets[-1][0] == "+Inf", buckets
    assert all(a[1] <= b[1] for a, b in zip(buckets, buckets[1:])), buckets
    les = [float(le) for le, _ in buckets[:-1]]
    assert les == sorted(les), les
    assert buckets[-1][1] == value("pregon_http_request_duration_seconds_count", route=route)
print(f"ok: /metrics: {len(types)} families, {len(samples)} samples, parsed and consistent")
PYEOF
echo "ok: metrics"
