#!/usr/bin/env bash
# The monitoring files of deploy/monitoring work as shipped: the alerting rules pass
# `promtool check rules` and their unit tests (`promtool test rules`: each alert fires when it
# should, after its for:, and not on the healthy case), every rule has a for:, a severity and
# a summary and description, and every (alert, severity) has a test where it fires; the Grafana
# dashboard is valid JSON whose panels all have a title and PromQL targets that parse, on the
# ${datasource} variable; the Prometheus config passes `promtool check config`. Metric names
# must be ones pregon exposes. The checks are run on broken copies too, which must fail.
# Skipped only when promtool (Debian's prometheus package) is missing.
source "$(dirname "$0")/lib.sh"
ROOT=$(cd "$TEST_DIR/../.." && pwd)
M="$ROOT/deploy/monitoring"

PROMTOOL=$(command -v promtool || true)
if [ -z "$PROMTOOL" ]; then
  echo "skip: promtool is not installed (apt-get install prometheus)"
  exit 0
fi
$PY -c 'import yaml' 2>/dev/null || fail "python3-yaml is needed (it comes with clang-tidy)"

# The metric families pregon exposes (serve's /metrics and a worker's --metrics-listen; API.md)
# and Prometheus's own `up`: a name outside this list is a typo, an empty panel or an alert
# that never fires.
export KNOWN_METRICS="up pregon_build_info pregon_campaigns pregon_ranges pregon_ranges_claimable
pregon_ranges_oldest_claimable_age_seconds pregon_deliveries pregon_report_requests
pregon_suppressions pregon_senders_paused pregon_tracking_hits_total
pregon_tracking_hits_dropped_total pregon_http_requests_total pregon_http_request_duration_seconds
pregon_messages_total pregon_provider_latency_seconds pregon_provider_throttles_total
pregon_lease_rescues_total pregon_leases_lost_total pregon_limiter_permits_held
pregon_limiter_permits_waiting pregon_mail_feedback_total"
export HISTOGRAMS="pregon_http_request_duration_seconds pregon_provider_latency_seconds"

# check_rules RULES TESTS: the rules' shape, their metric names and the tests' coverage.
check_rules() {
  $PY - "$1" "$2" <<'EOF'
import re, os, sys, yaml
rules_path, tests_path = sys.argv[1:]
known = set(os.environ["KNOWN_METRICS"].split())
hist = os.environ["HISTOGRAMS"].split()
known |= {h + s for h in hist for s in ("_bucket", "_sum", "_count")}
errors = []
rules = [r for g in yaml.safe_load(open(rules_path))["groups"] for r in g["rules"]]
pairs = set()
for r in rules:
    name = r.get("alert") or r.get("record")
    if "alert" not in r: errors.append(f"{name}: not an alerting rule"); continue
    if not r.get("for"): errors.append(f"{name}: no for:")
    sev = r.get("labels", {}).get("severity")
    if sev not in ("warning", "critical"): errors.append(f"{name}: severity {sev!r}")
    for a in ("summary", "description"):
        if not str(r.get("annotations", {}).get(a, "")).strip():
            errors.append(f"{name}: no {a} annotation")
    for m in set(re.findall(r"\b(?:pregon_[a-z0-9_]+|up)\b(?=\s*[{\[)\s])", r["expr"] + " ")):
        if m not in known: errors.append(f"{name}: unknown metric {m}")
    pairs.add((name, sev))
want = {"PregonCampaignStuck", "PregonSenderPaused", "PregonBounceRateHigh",
        "PregonComplaintRateHigh", "PregonDeliveriesFailing", "PregonDown",
        "PregonTrackingHitsDropped", "PregonReportsFailing", "PregonHttpErrors"}
missing = want - {a for a, _ in pairs}
if missing: errors.append(f"alerts missing: {sorted(missing)}")
fired, quiet = set(), set()
for t in yaml.safe_load(open(tests_path))["tests"]:
    for c in t.get("alert_rule_test", []):
        for e in c.get("exp_alerts") or []: fired.add((c["alertname"], e["exp_labels"].get("severity")))
        if not c.get("exp_alerts"): quiet.add(c["alertname"])
for a, s in sorted(pairs - fired): errors.append(f"{a} ({s}): no test where it fires")
for a in sorted({a for a, _ in pairs} - quiet): errors.append(f"{a}: no test where it stays quiet")
if errors: sys.exit("\n".join(errors))
print(f"ok: {len(rules)} alerting rules have a for:, a severity, a summary and a description, "
      f"known metrics, and tests where each fires and stays quiet")
EOF
}

# check_dashboard JSON: the dashboard's shape; its exprs (Grafana's variables replaced) are
# written to $W/dash-rules.yml as recording rules, and promtool parses them.
check_dashboard() {
  $PY - "$1" "$W/dash-rules.yml" <<'EOF' || return 1
import json, os, re, sys
path, out = sys.argv[1:]
known = set(os.environ["KNOWN_METRICS"].split())
hist = os.environ["HISTOGRAMS"].split()
known |= {h + s for h in hist for s in ("_bucket", "_sum", "_count")}
try:
    d = json.load(open(path))
except ValueError as e:
    sys.exit(f"not JSON: {e}")
errors = []
if d.get("schemaVersion", 0) < 36: errors.append(f"schemaVersion {d.get('schemaVersion')} < 36")
variables = {v.get("name"): v for v in d.get("templating", {}).get("list", [])}
ds = variables.get("datasource", {})
if ds.get("type") != "datasource" or ds.get("query") != "prometheus":
    errors.append("no Prometheus datasource variable named datasource")

def walk(node, where):  # every datasource anywhere is the variable
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "datasource" and v != "${datasource}" and not (
                    isinstance(v, dict) and v.get("uid") == "${datasource}"):
                errors.append(f"{where}: datasource {v!r} is not ${{datasource}}")
            walk(v, f"{where}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node): walk(v, f"{where}[{i}]")
walk(d, "dashboard")

panels = []
for p in d.get("panels", []):
    panels.append(p)
    panels.extend(p.get("panels", []))  # a collapsed row's
if not panels: errors.append("no panels")
rules, ids = [], set()
for p in panels:
    title = str(p.get("title", "")).strip()
    name = title or f"panel {p.get('id')}"
    if not title: errors.append(f"panel {p.get('id')}: no title")
    if p.get("id") in ids: errors.append(f"{name}: id {p.get('id')} used twice")
    ids.add(p.get("id"))
    if not {"x", "y", "w", "h"} <= set(p.get("gridPos", {})): errors.append(f"{name}: no gridPos")
    if p.get("type") == "row": continue
    targets = [t for t in p.get("targets", []) if str(t.get("expr", "")).strip()]
    if not targets: errors.append(f"{name}: no target with an expr")
    for t in targets:
        expr = t["expr"]
        for v in re.findall(r"\$\{?([A-Za-z_]\w*)", expr):
            if not v.startswith("__") and v not in variables:
                errors.append(f"{name}: ${v} is not a dashboard variable")
        expr = re.sub(r"\$__\w+|\$\{__\w+\}", "5m", expr)
        expr = re.sub(r"\$\{\w+(?::\w+)?\}|\$\w+", "x", expr)
        for m in set(re.findall(r"\b(?:pregon_[a-z0-9_]+|up)\b(?=\s*[{\[)\s])", expr + " ")):
            if m not in known: errors.append(f"{name}: unknown metric {m}")
        rules.append({"record": f"dashboard:panel{p.get('id')}:{t.get('refId', 'A')}",
                      "expr": expr, "labels": {"panel": name}})
if errors: sys.exit("\n".join(errors))
json.dump({"groups": [{"name": "dashboard", "rules": rules}]}, open(out, "w"), indent=1)
print(f"ok: {len(panels)} panels have a title, {len(rules)} targets on ${{datasource}}")
EOF
  "$PROMTOOL" check rules "$W/dash-rules.yml" >"$W/dash-check.log" 2>&1 ||
    { cat "$W/dash-check.log" >&2; return 1; }
  echo "ok: promtool parses every dashboard expr as PromQL"
}

# check_config DIR: promtool check config on DIR/prometheus.yml, the token file it reads made
# in DIR (rule files resolve relative to the config, so DIR holds the rules too).
check_config() {
  local dir=$1
  echo "test-token" >"$dir/pregon.token"
  sed -i "s|credentials_file: /etc/prometheus/pregon.token|credentials_file: $dir/pregon.token|" \
    "$dir/prometheus.yml"
  grep -q "credentials_file: $dir/pregon.token" "$dir/prometheus.yml" ||
    { echo "prometheus.yml: no credentials_file /etc/prometheus/pregon.token" >&2; return 1; }
  "$PROMTOOL" check config "$dir/prometheus.yml" >"$dir/check.log" 2>&1 ||
    { cat "$dir/check.log" >&2; return 1; }
  $PY - "$dir/prometheus.yml" <<'EOF'
import sys, yaml
c = yaml.safe_load(open(sys.argv[1]))
assert c.get("rule_files") == ["pregon-alerts.yml"], f"rule_files: {c.get('rule_files')}"
jobs = {}
for s in c["scrape_configs"]:
    job = s["job_name"]
    for r in s.get("relabel_configs", []):
        if r.get("target_label") == "job" and not r.get("source_labels"): job = r["replacement"]
    jobs[s["job_name"]] = job
assert set(jobs.values()) == {"pregon"}, f"jobs: {jobs}"
serve = [s for s in c["scrape_configs"] if s.get("authorization", {}).get("credentials_file")]
workers = [s for s in c["scrape_configs"] if "authorization" not in s]
assert serve and workers, "want serve's job (with a token) and the workers' (without)"
print(f"ok: prometheus.yml passes promtool check config: rules {c['rule_files']}, "
      f"jobs {sorted(jobs)} all labelled job=\"pregon\"")
EOF
}

# The rules.
"$PROMTOOL" check rules "$M/pregon-alerts.yml" >"$W/rules.log" 2>&1 ||
  fail "promtool check rules: $(cat "$W/rules.log")"
echo "ok: promtool check rules: $(grep -o '[0-9]* rules found' "$W/rules.log")"
check_rules "$M/pregon-alerts.yml" "$M/pregon-alerts.test.yml" || fail "the alerting rules"
"$PROMTOOL" test rules "$M/pregon-alerts.test.yml" >"$W/rules-test.log" 2>&1 ||
  fail "promtool test rules: $(cat "$W/rules-test.log")"
echo "ok: promtool test rules pregon-alerts.test.yml passes"

# The dashboard.
check_dashboard "$M/pregon-dashboard.json" || fail "the dashboard"

# The Prometheus config, from a copy where its paths resolve.
mkdir "$W/prom"
cp "$M/prometheus.yml" "$M/pregon-alerts.yml" "$W/prom/"
check_config "$W/prom" || fail "prometheus.yml"

# The checks fail on broken files. mutate IN OUT PYTHON: OUT is IN changed by PYTHON (on s).
mutate() { $PY -c "s = open('$1').read(); $3; open('$2', 'w').write(s)"; }
must_fail() {
  local what=$1; shift
  if "$@" >"$W/mutant.log" 2>&1; then fail "a broken copy passed: $what"; fi
  echo "ok: caught $what: $(grep -v '^ok\|^Checking\|FAILED:$\|^Unit Testing' "$W/mutant.log" |
    grep . | head -1 | sed 's/^ *//' | cut -c1-100)"
}
D="$M/pregon-dashboard.json"
mutate "$D" "$W/d1.json" "s = s.replace('sum by (channel, outcome) (rate(', 'sum by (channel, outcome) (rate(rate(', 1)"
must_fail "a dashboard expr that is not PromQL" check_dashboard "$W/d1.json"
mutate "$D" "$W/d2.json" "s = s.replace('\"title\": \"Hard bounce rate\"', '\"title\": \"\"', 1)"
must_fail "a dashboard panel without a title" check_dashboard "$W/d2.json"
mutate "$D" "$W/d3.json" "s = s.replace('\"uid\": \"\${datasource}\"', '\"uid\": \"P1809F7CD0C75ACF3\"', 3)"
must_fail "a dashboard datasource that is not \${datasource}" check_dashboard "$W/d3.json"
mutate "$D" "$W/d4.json" "s = s.replace('pregon_leases_lost_total{', 'pregon_lease_lost_total{')"
must_fail "a dashboard metric pregon does not expose" check_dashboard "$W/d4.json"
mutate "$D" "$W/d5.json" "s = s.rstrip()[:-1]"
must_fail "a dashboard that is not JSON" check_dashboard "$W/d5.json"

A="$M/pregon-alerts.yml"
mkdir "$W/r"
mutate "$A" "$W/r/pregon-alerts.yml" "import re; s = re.sub(r'\n *for: 1h', '', s, count=1)"
must_fail "an alert without a for:" check_rules "$W/r/pregon-alerts.yml" "$M/pregon-alerts.test.yml"
# PregonDown firing after 1 minute instead of 5: its unit test (alone, to be quick) fails.
mutate "$A" "$W/r/pregon-alerts.yml" "s = s.replace('for: 5m', 'for: 1m', 1)"
$PY - "$M/pregon-alerts.test.yml" "$W/r/down.test.yml" <<'EOF'
import sys, yaml
t = yaml.safe_load(open(sys.argv[1]))
t["tests"] = [c for c in t["tests"] if c["alert_rule_test"][0]["alertname"] == "PregonDown"]
assert t["tests"], "no PregonDown test"
yaml.safe_dump(t, open(sys.argv[2], "w"))
EOF
must_fail "an alert firing before its time" "$PROMTOOL" test rules "$W/r/down.test.yml"

mkdir "$W/prom2"
cp "$M/pregon-alerts.yml" "$W/prom2/"
mutate "$M/prometheus.yml" "$W/prom2/prometheus.yml" "s = s.replace('pregon-alerts.yml', 'pregon-alert.yml')"
must_fail "a Prometheus config naming a rule file that is not there" check_config "$W/prom2"
