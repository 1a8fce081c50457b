#!/usr/bin/env bash
# What idle connections and open event streams cost `pregon serve`: opens IDLE connections
# that send nothing (from 50 loopback addresses) and STREAMS event streams of a draft
# campaign (each polled every 250 ms, a heartbeat every 15 s), then measures GET /healthz
# with wrk while they are held, and the server's RSS and CPU time. The limits are raised for
# the run (PREGON_HTTP_HEAD_TIMEOUT=5m so that idle connections stay, and the connection and
# stream caps above the counts).
# Usage: bench/http_connections.sh path/to/pregon [idle=10000] [streams=1000] [seconds=10]
set -euo pipefail
PREGON=$(realpath "${1:?usage: $0 path/to/pregon [idle] [streams] [seconds]}")
IDLE=${2:-10000}; STREAMS=${3:-1000}; SECS=${4:-10}
[ "$STREAMS" -le 1000 ] || { echo "at most 1000 streams (one user's cap)" >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk is not installed (scripts/bootstrap --test)" >&2; exit 1; }
W=$(mktemp -d); ap=""; trap 'kill $ap 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$W"' EXIT
cd "$W"
export DATABASE_URL="sqlite://$W/b.db" PREGON_LOG_LEVEL=warn
"$PREGON" migrate >/dev/null 2>&1
"$PREGON" sender add --name s --kind sandbox --base-url "$W/outbox.jsonl" >/dev/null
printf 'email,name\na@example.com,A\n' >c.csv
"$PREGON" contacts import c.csv --list L >/dev/null
id=$("$PREGON" campaign create --name draft --sender s --list L --text hola --json |
  /usr/bin/python3 -c 'import json,sys;print(json.load(sys.stdin)["id"])')
echo pw-bench-12345 | "$PREGON" user create --username bench --role viewer --password-stdin >/dev/null
token=$("$PREGON" token create --username bench 2>/dev/null)
port=$(/usr/bin/python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
limit=$(( IDLE + STREAMS + 1000 ))
PREGON_HTTP_HEAD_TIMEOUT=5m PREGON_HTTP_MAX_CONNECTIONS=$limit \
  PREGON_HTTP_MAX_CONNECTIONS_PER_CLIENT=$limit PREGON_HTTP_MAX_STREAMS=$(( STREAMS + 10 )) \
  PREGON_HTTP_STREAMS_PER_USER=1000 \
  "$PREGON" serve --listen "127.0.0.1:$port" >serve.log 2>&1 & ap=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.05; done
curl -sf "http://127.0.0.1:$port/healthz" >/dev/null || { cat serve.log >&2; exit 1; }
echo "baseline: wrk -t1 -c16 -d${SECS}s /healthz (nothing held)"
wrk -t1 -c16 -d"${SECS}s" --latency "http://127.0.0.1:$port/healthz" | grep -E "Requests/sec|  50%|  99%"
export port token id IDLE STREAMS SECS ap
/usr/bin/python3 - <<'PY'
import os, resource, socket, subprocess, time
port, token, cid = int(os.environ["port"]), os.environ["token"], os.environ["id"]
n_idle, n_streams, secs, pid = (int(os.environ[k]) for k in ("IDLE", "STREAMS", "SECS", "ap"))
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

def status(field):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith(field): return int(line.split()[1]) // 1024
def cpu_s():
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

rss0 = status("VmRSS:")
t = time.monotonic()
idle = [socket.create_connection(("127.0.0.1", port), source_address=(f"127.0.0.{10 + i % 50}", 0))
        for i in range(n_idle)]
streams = []
request = (f"GET /api/v1/campaigns/{cid}/events HTTP/1.1\r\nHost: localhost\r\n"
           f"Accept: text/event-stream\r\nAuthorization: Bearer {token}\r\n\r\n").encode()
for i in range(n_streams):
    s = socket.create_connection(("127.0.0.1", port), source_address=(f"127.0.0.{100 + i % 50}", 0))
    s.sendall(request)
    streams.append(s)
for s in streams:
    head = s.recv(4096)
    assert head.startswith(b"HTTP/1.1 200"), head[:200]
opened = time.monotonic() - t
time.sleep(2)
print(f"held: {n_idle} idle connections + {n_streams} event streams (opened in {opened:.1f} s); "
      f"server RSS {rss0} MB before, {status('VmRSS:')} MB now")
cpu0 = cpu_s()
out = subprocess.run(["wrk", "-t1", "-c16", f"-d{secs}s", "--latency", f"http://127.0.0.1:{port}/healthz"],
                     capture_output=True, text=True).stdout
print(f"while held: wrk -t1 -c16 -d{secs}s /healthz")
print("\n".join(l for l in out.splitlines() if "Requests/sec" in l or "  50%" in l or "  99%" in l))
print(f"server CPU during the wrk run: {cpu_s() - cpu0:.1f} s of {secs} s; peak RSS {status('VmHWM:')} MB")
for s in idle + streams: s.close()
PY
