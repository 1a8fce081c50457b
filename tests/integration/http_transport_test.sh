#!/usr/bin/env bash
# The event-driven HTTP transport of `pregon serve` against what clients on the open internet
# send (issue findings 2, 3, 5, 12), over raw sockets:
#   - 1,500 idle connections and a 70-socket slowloris (a header byte every 0.3 s) hold no
#     thread: /healthz answers throughout, with 2 handler threads; every one of them is cut
#     once the head deadline (2 s here) passes;
#   - connections per client address are capped (64 on a second server): the next one is
#     closed at once, other addresses are still served;
#   - the strict parser: a signed or listed Content-Length, two of them, Transfer-Encoding with
#     Content-Length or other than chunked, obs-fold, two Hosts, no Host — each a 400 in the
#     error shape, and the connection closed: a request smuggled behind it is never answered;
#   - a large upload is refused from its head (401 without credentials, 403 without the
#     permission) before a byte of its body is read; an allowed one is spooled to an unlinked
#     file as it arrives (seen growing half-way), not kept in the heap, and imported;
#   - pipelined requests are answered in order; `Expect: 100-continue` is answered; a head
#     over 16 KiB is a 431; HEAD answers the length without the body; Range is ignored.
source "$(dirname "$0")/lib.sh"

"$PREGON" migrate >/dev/null
new_token admin admin >/dev/null
VIEWER=$(new_token viewer viewer)
OPERATOR=$(new_token ops operator)
mkdir -p "$W/spool"
PREGON_HTTP_MAX_CONNECTIONS_PER_CLIENT=64 start_serve
CAPPED_URL=$API_URL
TMPDIR="$W/spool" PREGON_HTTP_THREADS=2 PREGON_HTTP_HEAD_TIMEOUT=2s \
  PREGON_HTTP_MAX_CONNECTIONS_PER_CLIENT=4000 start_serve
export API_URL CAPPED_URL SERVE_PID VIEWER OPERATOR W

$PY - <<'PY'
import json, os, re, resource, socket, time, urllib.parse

u = urllib.parse.urlsplit(os.environ["API_URL"])
ADDR = (u.hostname, u.port)
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 8192), hard))

def connect(addr=ADDR, source="127.0.0.1"):
    return socket.create_connection(addr, timeout=30, source_address=(source, 0))

def read_all(s):
    data = b""
    while True:
        try:
            chunk = s.recv(65536)
        except (ConnectionResetError, socket.timeout):
            break
        if not chunk:
            break
        data += chunk
    return data

def exchange(raw):
    s = connect()
    s.sendall(raw)
    data = read_all(s)
    s.close()
    return data

def healthz_ms():
    t = time.monotonic()
    r = exchange(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
    assert r.startswith(b"HTTP/1.1 200"), r[:200]
    return (time.monotonic() - t) * 1000

def rss_mb():
    for line in open(f"/proc/{os.environ['SERVE_PID']}/status"):
        if line.startswith("VmRSS:"): return int(line.split()[1]) // 1024

def gone(s):
    """True once the server has closed s (waits up to 10 s)."""
    s.settimeout(10)
    try:
        return s.recv(1) == b""
    except (ConnectionResetError, BrokenPipeError):
        return True
    except socket.timeout:
        return False

# ---- Idle connections (from 30 loopback addresses) and a slowloris hold no thread.
idle = [connect(source=f"127.0.0.{10 + i % 30}") for i in range(1500)]
slow = [connect() for _ in range(70)]
for s in slow:
    s.sendall(b"GET /healthz HTTP/1.1\r\n")
worst, started, cut = 0.0, time.monotonic(), 0
while time.monotonic() - started < 4:
    for s in slow:
        try:
            s.sendall(b"X")
        except OSError:
            pass
    worst = max(worst, healthz_ms())
    time.sleep(0.3)
rss = rss_mb()
cut = sum(gone(s) for s in slow)
assert cut == 70, f"only {cut} of 70 slowloris sockets were cut after the head deadline"
idle_cut = sum(gone(s) for s in idle)
assert idle_cut == 1500, f"only {idle_cut} of 1,500 idle connections were cut"
for s in slow + idle:
    s.close()
print(f"ok: 1,500 idle connections and 70 slowloris sockets held; /healthz worst {worst:.0f} ms; "
      f"all cut at the head deadline; server RSS {rss} MB")
assert worst < 5000, worst  # answered at all, with a wide margin under ASan on a busy machine

# ---- The per-client cap (64 on the second server): the 65th is closed at once.
cu = urllib.parse.urlsplit(os.environ["CAPPED_URL"])
CAPPED = (cu.hostname, cu.port)
held = [connect(CAPPED) for _ in range(64)]
time.sleep(0.3)
extra = connect(CAPPED)
t = time.monotonic()
assert gone(extra), "a connection over the per-client cap was served"
assert time.monotonic() - t < 5, "closed by the head deadline (10 s), not at once"
other = connect(CAPPED, source="127.0.0.2")
other.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
assert read_all(other).startswith(b"HTTP/1.1 200"), "another address was refused too"
for s in held + [extra, other]:
    s.close()
print("ok: the 65th connection from one address is closed at once; another address is served")

# ---- The strict parser: 400, connection closed, the smuggled request never answered.
smuggled = b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n"
def post(headers, body=b"{}"):
    return b"POST /api/v1/auth/login HTTP/1.1\r\n" + headers + b"\r\n" + body
cases = {
    "a signed Content-Length": post(b"Host: localhost\r\nContent-Type: application/json\r\nContent-Length: +2\r\n"),
    "a listed Content-Length": post(b"Host: localhost\r\nContent-Type: application/json\r\nContent-Length: 2, 2\r\n"),
    "two Content-Lengths": post(b"Host: localhost\r\nContent-Length: 2\r\nContent-Length: 2\r\n"),
    "Transfer-Encoding with Content-Length":
        post(b"Host: localhost\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n", b"0\r\n\r\n"),
    "Transfer-Encoding gzip": post(b"Host: localhost\r\nTransfer-Encoding: gzip\r\n"),
    "obs-fold": post(b"Host: localhost\r\nX-A: a\r\n  folded\r\nContent-Length: 2\r\n"),
    "two Hosts": post(b"Host: localhost\r\nHost: evil.example\r\nContent-Length: 2\r\n"),
    "no Host": post(b"Content-Length: 2\r\n"),
}
for what, raw in cases.items():
    r = exchange(raw + smuggled)
    assert r.startswith(b"HTTP/1.1 400"), (what, r[:300])
    assert r.count(b"\r\nHTTP/1.1 ") == 0, f"{what}: the request behind it was answered: {r}"
    head, _, body = r.partition(b"\r\n\r\n")
    assert b"Connection: close" in head and b"X-Content-Type-Options: nosniff" in head, (what, head)
    err = json.loads(body)["error"]
    assert err["code"] == "bad_request" and err["message"], (what, err)
print(f"ok: {len(cases)} malformed heads refused with 400 and the connection closed")

# ---- A 15 MB upload announced by someone who may not send it: answered from the head alone.
def announce(extra):
    s = connect()
    s.sendall(b"POST /api/v1/contacts/import HTTP/1.1\r\nHost: localhost\r\n" + extra +
              b"Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 15000000\r\n\r\n")
    s.settimeout(30)
    data = read_all(s)  # the server answers and closes without waiting for the body
    s.close()
    return data
r = announce(b"")
assert r.startswith(b"HTTP/1.1 401") and b"Connection: close" in r, r[:300]
r = announce(b"Authorization: Bearer " + os.environ["VIEWER"].encode() + b"\r\n")
assert r.startswith(b"HTTP/1.1 403") and b"permission_denied" in r, r[:300]
print("ok: a large upload without credentials (401) or the permission (403) is refused unread")

# An allowed CSV upload of 8 MB goes to a spool file as it arrives, not to the heap.
rows = b"".join(b"user%d@example.com,Name %d\r\n" % (i, i) for i in range(300_000))
csv = b"email,name\r\n" + rows
body = (b"--x\r\nContent-Disposition: form-data; name=\"list\"\r\n\r\nbig\r\n"
        b"--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"c.csv\"\r\n"
        b"Content-Type: text/csv\r\n\r\n" + csv + b"\r\n--x--\r\n")
def anon_kb():
    for line in open(f"/proc/{os.environ['SERVE_PID']}/status"):
        if line.startswith("RssAnon:"): return int(line.split()[1])
s = connect()
s.sendall(b"POST /api/v1/contacts/import HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " +
          os.environ["OPERATOR"].encode() + b"\r\nContent-Type: multipart/form-data; boundary=x\r\n"
          b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body))
anon_before = anon_kb()
half = len(body) // 2
s.sendall(body[:half])
spool, size = None, 0
for _ in range(200):  # the server writes what arrived to the spool file
    for fd in os.listdir(f"/proc/{os.environ['SERVE_PID']}/fd"):
        link = os.readlink(f"/proc/{os.environ['SERVE_PID']}/fd/{fd}")
        if link.startswith(os.environ["W"] + "/spool/pregon-upload-") and link.endswith("(deleted)"):
            spool, size = link, os.stat(f"/proc/{os.environ['SERVE_PID']}/fd/{fd}").st_size
    if size == half: break
    time.sleep(0.05)
assert spool and size == half, f"no spool file holding the {half} bytes sent: {spool} {size}"
grown_kb = anon_kb() - anon_before
# In memory the half body alone would add 5 MB; a wide margin for the allocator's own moves.
# (Under AddressSanitizer the heap's shadow and quarantine move on their own: not measured.)
if not os.environ.get("PREGON_TEST_SANITIZED"):
    assert grown_kb < half // 1024, f"the heap grew {grown_kb} KB while {half} bytes arrived"
s.sendall(body[half:])
answer = read_all(s)
s.close()
head, _, rest = answer.partition(b"\r\n\r\n")
assert head.startswith(b"HTTP/1.1 200"), answer[:400]
assert json.loads(rest)["imported"] == 300_000, rest[:300]
assert not os.listdir(os.environ["W"] + "/spool"), "a spool file was left behind"
print(f"ok: a {len(body) // 1_000_000} MB upload spooled to an unlinked file ({half} bytes half-way; "
      f"heap grew {grown_kb} KB meanwhile) and imported: 300,000 contacts")

# ---- Pipelining, 100-continue, a large head, HEAD.
r = exchange(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n"
             b"GET /api/v1/nope HTTP/1.1\r\nHost: localhost\r\n\r\n"
             b"GET /readyz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
statuses = re.findall(rb"HTTP/1\.1 (\d{3}) ", r)
assert statuses == [b"200", b"404", b"200"], r

s = connect()
body = json.dumps({"username": "admin", "password": "pw-admin-123"}).encode()
s.sendall(b"POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          b"Expect: 100-continue\r\nConnection: close\r\nContent-Length: %d\r\n\r\n" % len(body))
interim = s.recv(64)
assert interim.startswith(b"HTTP/1.1 100 Continue"), interim
s.sendall(body)
final = read_all(s)
s.close()
assert (interim + final).count(b"HTTP/1.1 200") == 1, interim + final

r = exchange(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Big: " + b"a" * 20000 + b"\r\n\r\n")
assert r.startswith(b"HTTP/1.1 431"), r[:200]
r = exchange(b"HEAD /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
head, _, rest = r.partition(b"\r\n\r\n")
assert head.startswith(b"HTTP/1.1 200") and b"Content-Length: " in head and rest == b"", r
# Range is not served on the API: the whole JSON, never a slice of it.
r = exchange(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nRange: bytes=0-3\r\nConnection: close\r\n\r\n")
head, _, rest = r.partition(b"\r\n\r\n")
assert head.startswith(b"HTTP/1.1 200") and json.loads(rest) == {"status": "ok"}, r
print("ok: pipelined requests in order; 100-continue; a 20 KB head is a 431; HEAD has no body; "
      "Range ignored")
PY
kill -0 "$SERVE_PID" || fail "the server died"
