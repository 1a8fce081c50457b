#!/usr/bin/env bash
# Open pixel hits/s and click redirects/s of `pregon serve` (GET /t/o/{token}.gif and
# GET /t/c/{token}: token check, judging, queueing for the batched writer; a click also finds
# its link's URL), measured with wrk, while the same server's engine sends a campaign.
# 20,000 deliveries of a tracked campaign are sent first (sandbox channel); wrk then cycles
# through their real signed URLs with a phone's user agent. Afterwards the recorded totals
# are read back, to show every hit was written (in batches).
# With `postgres`, the store is a throw-away PostgreSQL (scripts/pg-scratch) instead of SQLite.
# Usage: bench/tracking_hits.sh path/to/pregon [seconds=10] [connections=64] [threads=2]
#                               [sqlite|postgres]
set -euo pipefail
PREGON=$(realpath "${1:?usage: $0 path/to/pregon [seconds] [connections] [threads] [backend]}")
SECS=${2:-10}; CONNS=${3:-64}; THREADS=${4:-2}; BACKEND=${5:-sqlite}
scratch="$(dirname "$(realpath "$0")")/../scripts/pg-scratch"; PG=""
command -v wrk >/dev/null || { echo "wrk is not installed (scripts/bootstrap --test)" >&2; exit 1; }
W=$(mktemp -d); ap=""
trap 'kill $ap 2>/dev/null || true; wait 2>/dev/null || true; [ -z "$PG" ] || "$scratch" destroy "$PG" >/dev/null 2>&1; rm -rf "$W"' EXIT
cd "$W"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
N=20000
free_port() { /usr/bin/python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
port=$(free_port)
export DATABASE_URL="sqlite://$W/b.db" PREGON_LOG_LEVEL=warn PREGON_TRACKING_TOO_SOON=0s
if [ "$BACKEND" = postgres ]; then
  PG=$(mktemp -d /tmp/pregon-pg-bench.XXXXXX)
  DATABASE_URL=$(PG_SCRATCH_FSYNC=on PG_SCRATCH_SYNCHRONOUS_COMMIT=on "$scratch" start "$PG")
fi
export PREGON_PUBLIC_URL="http://127.0.0.1:$port"
export PREGON_SECRET_KEY=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
"$PREGON" migrate 2>/dev/null
"$PREGON" sender add --name out --kind sandbox --base-url "$W/outbox.jsonl" >/dev/null
/usr/bin/python3 -c "
with open('c.csv','w') as f:
  f.write('email,name\n')
  for i in range($N): f.write(f'user{i}@example.com,User {i}\n')"
"$PREGON" contacts import c.csv --list L >/dev/null
printf '<p>Hola {{name}}</p><a href="https://shop.example/a">A</a> <a href="https://shop.example/b">B</a> <a href="https://shop.example/c">C</a>' >body.html
tracked=$("$PREGON" campaign create --name tracked --sender out --list L --subject Hola --text Hola \
  --html-file body.html --batch-size 500 --json | /usr/bin/python3 -c 'import json,sys;print(json.load(sys.stdin)["id"])')
"$PREGON" campaign send "$tracked" >/dev/null
"$PREGON" worker --until-idle --concurrency 2 >/dev/null 2>&1
# The campaign sent during the measurement: 20,000 more messages at 1,000/s.
busy=$("$PREGON" campaign create --name busy --sender out --list L --subject Hola --text Hola \
  --html-file body.html --rate 1000 --batch-size 200 --json | /usr/bin/python3 -c 'import json,sys;print(json.load(sys.stdin)["id"])')

# The signed paths of every delivery: tokens as pregon signs them (core/tracking_token.h) —
# HMAC-SHA-256 with the key libsodium's crypto_kdf derives (BLAKE2b, context "pgntrack", id 1).
/usr/bin/python3 - "$tracked" "$N" <<'PYEOF'
import base64, hashlib, hmac, os, struct, sys
campaign, n = int(sys.argv[1]), int(sys.argv[2])
master = bytes.fromhex(os.environ["PREGON_SECRET_KEY"])
key = hashlib.blake2b(b"", key=master, digest_size=32, salt=struct.pack("<Q", 1) + bytes(8),
                      person=b"pgntrack" + bytes(8)).digest()
def token(kind, delivery, link):
    fields = f"{kind}{campaign}.{delivery}.{link}"
    mac = hmac.new(key, fields.encode(), hashlib.sha256).digest()[:16]
    return fields + "." + base64.urlsafe_b64encode(mac).rstrip(b"=").decode()
with open("opens.txt", "w") as o, open("clicks.txt", "w") as c:
    for d in range(1, n + 1):
        o.write(f"/t/o/{token('o', d, 0)}.gif\n")
        c.write(f"/t/c/{token('c', d, 1 + d % 3)}\n")
PYEOF
cat >paths.lua <<'LUA'
local paths = {}
for line in io.lines(os.getenv("PATHS")) do paths[#paths + 1] = line end
local i = 0
local agent = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148"
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i], {["User-Agent"] = agent})
end
LUA
"$PREGON" serve --listen "127.0.0.1:$port" >serve.log 2>&1 & ap=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.05; done
echo pw-bench-12345 | "$PREGON" user create --username bench --role viewer --password-stdin >/dev/null
token=$("$PREGON" token create --username bench 2>/dev/null)
curl -s -o /dev/null -w "a pixel: HTTP %{http_code}\n" "http://127.0.0.1:$port$(head -1 opens.txt)"
curl -s -o /dev/null -w "a click: HTTP %{http_code} -> %{redirect_url}\n" "http://127.0.0.1:$port$(head -1 clicks.txt)"
"$PREGON" campaign send "$busy" >/dev/null
for kind in opens clicks; do
  echo "== $kind: wrk -t$THREADS -c$CONNS -d${SECS}s --latency (campaign $busy sending meanwhile)"
  PATHS=$W/$kind.txt wrk -t"$THREADS" -c"$CONNS" -d"${SECS}s" --latency -s paths.lua \
    "http://127.0.0.1:$port" | grep -E "Latency|50%|90%|99%|requests in|Requests/sec|Non-2xx"
done
sleep 3  # the burst window and a flush
curl -s -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/campaigns/$tracked/engagement" |
  /usr/bin/python3 -c 'import json,sys; e=json.load(sys.stdin); print("recorded: opens", e["opens"]["total_human"] + e["opens"]["total_machine"], "clicks", e["clicks"]["total_human"] + e["clicks"]["total_machine"])'
curl -s -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/campaigns/$busy/progress" |
  /usr/bin/python3 -c 'import json,sys; p=json.load(sys.stdin); print("busy campaign meanwhile:", p.get("counters", p))'
echo "server RSS: $(ps -o rss= -p $ap) KB"
