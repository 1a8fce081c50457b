#!/usr/bin/env bash
# Timing under `pregon serve`: a campaign scheduled 2 s ahead starts by itself at its time,
# and a sender limited to 200 msgs/s is held to that rate.
#
# On a quiet machine it starts within 1 s and the provider sees at most 200 in any second and
# 200/s within 2 % on average; PREGON_STRICT_TIMING=1 asserts exactly that (bench/, and
# docs/BENCHMARKS.md). In the suite, which shares two cores with everything else (and runs
# under ASan), the bounds leave room: the start within 5 s, at most 5 % over the rate in any
# second as the provider receives them (a stall bunches requests up on the wire), and an
# average of at most 202 per second. How close to 200/s a busy machine gets is a figure for
# bench/, not a test: the suite only checks that the pacer is not grossly slow (>= 60/s; a
# loaded ASan run was seen at 126/s).
source "$(dirname "$0")/lib.sh"
REC=$W/rec.jsonl start_sandbox
"$PREGON" migrate 2>/dev/null
"$PREGON" sender add --name s --kind relay --base-url "$SANDBOX_URL" --api-key k --account-id 1 \
  --from-email news@example.com --rate 200 --concurrency 16 >/dev/null
contacts 4000 c.csv  # 20 s at 200/s: one stall of the machine weighs little in the average
"$PREGON" contacts import c.csv --list L >/dev/null
"$PREGON" serve --listen 127.0.0.1:0 2>"$W/serve.log" & PIDS+=($!)
sleep 0.5
at=$($PY -c 'import datetime;print((datetime.datetime.now(datetime.timezone.utc)+datetime.timedelta(seconds=2)).isoformat(timespec="milliseconds"))')
id=$("$PREGON" campaign create --name later --sender s --list L --subject x --text hi --batch-size 1500 \
  --scheduled-at "$at" --json | json_field id)
# Waits on the provider's record (a line count) and asks pregon only at the end: a status
# process takes enough CPU on a small machine (far more under ASan) to stall the sender, and
# a sender that may never exceed its rate cannot make up for a stall afterwards.
for _ in $(seq 180); do [ "$(lines rec.jsonl)" -ge 4000 ] && break; sleep 0.5; done
for _ in $(seq 50); do
  s=$("$PREGON" campaign status "$id" --json | json_field status)
  [ "$s" = done ] && break; sleep 0.2
done
[ "$s" = done ] || fail "campaign not done under serve: $s"
st=$("$PREGON" campaign status "$id" --json)
$PY - "$st" rec.jsonl <<'PY'
import datetime, json, os, sys
strict = os.environ.get("PREGON_STRICT_TIMING") == "1"
st = json.loads(sys.argv[1])
p = lambda s: datetime.datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()
delay = p(st["started_at"]) - p(st["scheduled_at"])
assert 0 <= delay <= (1.0 if strict else 5.0), f"started {delay:.3f} s after scheduled_at"
ts = sorted(json.loads(l)["ts"] for l in open(sys.argv[2]) if l.strip())
assert len(ts) == 4000, len(ts)
worst, j = 0, 0
for i in range(len(ts)):          # the most messages in any window [t, t + 1 s)
    while ts[i] - ts[j] >= 1.0: j += 1
    worst = max(worst, i - j + 1)
rate = (len(ts) - 1) / (ts[-1] - ts[0])
assert worst <= (200 if strict else 210), f"{worst} messages in one second"
if strict:
    assert abs(rate - 200) / 200 <= 0.02, f"average {rate:.1f}/s"
else:
    assert 60 <= rate <= 202, f"average {rate:.1f}/s"
print(f"ok: started {delay*1000:.0f} ms after scheduled_at; rate {rate:.1f}/s on average, at most {worst} in any second")
PY
