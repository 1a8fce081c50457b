#!/usr/bin/env bash
# The two event-driven HTTP servers Debian offers, side by side on /healthz: pregon's
# transport (Boost.Beast on Asio, `pregon serve`) and GNU libmicrohttpd 0.9.75 (a minimal
# server, bench/mhd/healthz_server.cpp, with its epoll thread pool). For each: requests/s
# with wrk, the RSS of 10,000 idle connections, and a 70-socket slowloris (a header byte
# every second for 15 s): how many slow sockets are still open at the end, and whether
# /healthz answered meanwhile. Both get 2 threads and a 10 s timeout.
# Usage: bench/transport_compare.sh path/to/pregon [seconds=10]
set -euo pipefail
PREGON=$(realpath "${1:?usage: $0 path/to/pregon [seconds]}")
SECS=${2:-10}
HERE=$(cd "$(dirname "$0")" && pwd)
W=$(mktemp -d); pids=(); trap 'kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$W"' EXIT
cd "$W"
g++ -O2 -o mhd_healthz "$HERE/mhd/healthz_server.cpp" -lmicrohttpd
free_port() { /usr/bin/python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

export DATABASE_URL="sqlite://$W/b.db" PREGON_LOG_LEVEL=warn
"$PREGON" migrate >/dev/null 2>&1
p1=$(free_port)
PREGON_HTTP_THREADS=2 PREGON_HTTP_MAX_CONNECTIONS=20000 PREGON_HTTP_MAX_CONNECTIONS_PER_CLIENT=20000 \
  "$PREGON" serve --listen "127.0.0.1:$p1" >serve.log 2>&1 & pids+=($!); pregon_pid=$!
p2=$(free_port)
./mhd_healthz "$p2" 2 10 >mhd.log 2>&1 & pids+=($!); mhd_pid=$!
for p in $p1 $p2; do
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$p/healthz" >/dev/null 2>&1 && break; sleep 0.05; done
done

measure() {  # NAME PORT PID
  echo "== $1"
  wrk -t1 -c16 -d"${SECS}s" --latency "http://127.0.0.1:$2/healthz" | grep -E "Requests/sec|  50%|  99%"
  PORT=$2 PID=$3 /usr/bin/python3 - <<'PY'
import os, resource, socket, time
port, pid = int(os.environ["PORT"]), int(os.environ["PID"])
resource.setrlimit(resource.RLIMIT_NOFILE, (20000, 20000))
def rss():
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"): return int(line.split()[1]) // 1024
before = rss()
idle = [socket.create_connection(("127.0.0.1", port), source_address=(f"127.0.0.{10 + i % 50}", 0))
        for i in range(10000)]
time.sleep(1)
print(f"10,000 idle connections: RSS {before} MB -> {rss()} MB")
for s in idle: s.close()
time.sleep(1)
slow = []
for i in range(70):
    s = socket.create_connection(("127.0.0.1", port), source_address=("127.0.0.200", 0))
    s.sendall(b"GET /healthz HTTP/1.1\r\n")
    slow.append(s)
worst, t0 = 0.0, time.monotonic()
while time.monotonic() - t0 < 15:
    for s in slow:
        try: s.sendall(b"X")
        except OSError: pass
    t = time.monotonic()
    c = socket.create_connection(("127.0.0.1", port), timeout=30)
    c.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
    ok = c.recv(100).startswith(b"HTTP/1.1 200")
    c.close()
    worst = max(worst, (time.monotonic() - t) * 1000) if ok else float("inf")
    time.sleep(1)
alive = 0
for s in slow:
    s.setblocking(False)
    try:
        alive += s.recv(1) != b""
    except BlockingIOError:
        alive += 1
    except OSError:
        pass
    s.close()
print(f"slowloris, 70 sockets x 15 s: {alive} still open at the end; /healthz worst {worst:.0f} ms")
PY
}
measure "pregon serve (Boost.Beast on Asio, 2 threads)" "$p1" "$pregon_pid"
measure "libmicrohttpd 0.9.75 (epoll, thread pool of 2)" "$p2" "$mhd_pid"
